package dev.accounts.query.history;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The event log of the configured store, read by this process alone: no processor, no migration, no web server,
 * so an operator's export works the same whether or not the service runs, and changes nothing.
 */
public final class StoredEventLog implements AutoCloseable {

    private final EventHistory history;
    private final AutoCloseable resources;

    /** The log {@code history} reads; closing it closes {@code resources}. */
    public StoredEventLog(EventHistory history, AutoCloseable resources) {
        this.history = history;
        this.resources = resources;
    }

    /** Connects to the store the configuration names ({@code SPRING_PROFILES_ACTIVE}, {@code SPRING_DATASOURCE_*}). */
    public static StoredEventLog open() {
        var context = new SpringApplicationBuilder(Store.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // the command writes its own lines; Spring's log (on stdout) would mix with the export
                .properties(Map.of("logging.level.root", "OFF", "spring.main.register-shutdown-hook", "false",
                        "spring.datasource.hikari.maximum-pool-size", "1"))
                .run();
        return new StoredEventLog(context.getBean(EventHistory.class), context);
    }

    /** The newest position of the log now. */
    public long head() {
        return history.head();
    }

    /** @see EventHistory#count */
    public long count(long after, long upTo, UUID userId) {
        return history.count(after, upTo, userId);
    }

    /** @see EventHistory#forEach */
    public void forEach(long after, long upTo, UUID userId, Consumer<HistoricEvent> action) {
        history.forEach(after, upTo, userId, action);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the connection to the store", e);
        }
    }

    /** Just a connection pool and the history: not a configuration the service's component scan would pick up. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JdbcClientAutoConfiguration.class})
    @Import(EventHistory.class)
    static final class Store {
    }
}
