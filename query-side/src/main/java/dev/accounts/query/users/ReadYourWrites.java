package dev.accounts.query.users;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Lets a client read its own writes: waits until the users projection has applied a given global
 * position (the command side's {@code X-Event-Position}), polling the committed tokens.
 */
@Component
@EnableConfigurationProperties(ReadYourWrites.Settings.class)
public class ReadYourWrites {

    /**
     * @param maxWait      how long a query may wait for the projection before it is answered 503
     * @param pollInterval how often a waiting query looks at the tokens again
     */
    @ConfigurationProperties("accounts.read-your-writes")
    public record Settings(@DefaultValue("5s") Duration maxWait, @DefaultValue("10ms") Duration pollInterval) {
    }

    private final ProjectionProgress progress;
    private final Settings settings;

    public ReadYourWrites(ProjectionProgress progress, Settings settings) {
        this.progress = progress;
        this.settings = settings;
    }

    /**
     * Returns once the projection has applied {@code position}; positions below 1 hold no event and
     * need no wait.
     *
     * @throws ProjectionBehind when it has not within {@code accounts.read-your-writes.max-wait}
     */
    public void awaitPosition(long position) {
        if (position < 1) {
            return;
        }
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (!progress.hasApplied(UserProjection.PROCESSING_GROUP, position)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new ProjectionBehind(UserProjection.PROCESSING_GROUP, position, settings.maxWait());
            }
            try {
                Thread.sleep(Math.max(1, settings.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProjectionBehind(UserProjection.PROCESSING_GROUP, position, settings.maxWait());
            }
        }
    }
}
