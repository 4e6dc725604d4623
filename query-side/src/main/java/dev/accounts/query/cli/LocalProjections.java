package dev.accounts.query.cli;

import dev.accounts.query.QuerySideApplication;
import dev.accounts.query.projections.ProjectionStatus;
import dev.accounts.query.projections.Projections;
import dev.accounts.query.projections.ReplayRefused;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query side run in this process without its web server, only for as long as a replay takes: its
 * processor does the replay, as the service's would.
 */
final class LocalProjections implements ProjectionOperations {

    private final ConfigurableApplicationContext context;
    private final Projections projections;

    private LocalProjections(ConfigurableApplicationContext context) {
        this.context = context;
        this.projections = context.getBean(Projections.class);
    }

    static LocalProjections start() {
        return new LocalProjections(new SpringApplicationBuilder(QuerySideApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // the command reports in lines of its own; Spring's and Axon's log (on stdout) would bury them
                .properties(Map.of("logging.level.root", "OFF", "spring.main.register-shutdown-hook", "false"))
                .run());
    }

    @Override
    public Optional<ProjectionStatus> replay(String projection) {
        try {
            return Optional.of(projections.replay(projection));
        } catch (ReplayRefused refused) {
            if (refused.reason() == ReplayRefused.Reason.IN_PROGRESS) {
                return Optional.empty();
            }
            throw new ReplayFailed(refused.getMessage());
        }
    }

    @Override
    public ProjectionStatus status(String projection) {
        return projections.status(projection);
    }

    @Override
    public String where() {
        return "in this process (no query side answered; it runs here until the replay is done)";
    }

    @Override
    public void close() {
        context.close();
    }
}
