package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.BootJar;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for a query side to have applied the log up to a position, as a client that reads its writes does. */
final class CatchUp {

    private CatchUp() {
    }

    /**
     * Asks the query side for a page of users with {@code X-Min-Position} until it answers 200 (it answers 503 while
     * it has not applied that position); returns how long that took.
     */
    static Duration awaitPosition(BootJar querySide, TestIssuer issuer, long position, Duration atMost) {
        long from = System.nanoTime();
        String[] staff = issuer.staffAuthorization();
        await(querySide.name() + " to apply log position " + position).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> querySide.api().get("/api/users?page_size=1", staff[0], staff[1],
                        "X-Min-Position", Long.toString(position)).status() == 200);
        return Duration.ofNanos(System.nanoTime() - from);
    }

    static long millis(Duration duration) {
        return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
    }
}
