package dev.accounts.query.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.query.projections.ProjectionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The replay command's conversation with an operator, over a scripted query side. */
class ReplayCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private URI askedServer;
    private boolean started;

    private static ProjectionStatus at(long position, long head, boolean replaying) {
        return new ProjectionStatus("users", position, head, replaying, 0, 0, List.of());
    }

    /** A query side that answers the replay with {@code replay} and then each status in turn, the last one forever. */
    private ProjectionOperations scripted(Optional<ProjectionStatus> replay, ProjectionStatus... statuses) {
        Deque<ProjectionStatus> next = new ArrayDeque<>(List.of(statuses));
        return new ProjectionOperations() {
            @Override
            public Optional<ProjectionStatus> replay(String projection) {
                return replay;
            }

            @Override
            public ProjectionStatus status(String projection) {
                return next.size() > 1 ? next.poll() : next.peek();
            }

            @Override
            public String where() {
                return "by the scripted side";
            }

            @Override
            public void close() {
            }
        };
    }

    private int run(ProjectionOperations side, String... args) {
        ReplayCommand command = new ReplayCommand(server -> {
            askedServer = server;
            started = true;
            return side;
        }, () -> false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return command.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void waitsForTheIndexesOnceEveryEventIsAppliedAndSaysSoOnce() {
        int exit = run(scripted(Optional.of(at(0, 100, true)), at(100, 100, true), at(100, 100, true),
                        at(100, 100, true), at(100, 100, false)),
                "users", "--server", "http://127.0.0.1:9", "--poll-interval", "PT0S", "--line-interval", "PT0S");

        assertThat(exit).as(err()).isZero();
        assertThat(out().split("All 100 events are applied; building the users table's indexes again.", -1)).hasSize(2);
        assertThat(out().lines().filter(line -> line.startsWith("Replaying users: 100 of 100")))
                .as("no progress line repeated while the indexes are built").hasSizeLessThanOrEqualTo(2);
        assertThat(out()).contains("Replayed the users projection: 100 events in ");
    }

    @Test
    void followsAReplayUntilItHasCaughtUpWithPlainLinesWhenStdoutIsNoTerminal() {
        int exit = run(scripted(Optional.of(at(0, 100, true)), at(40, 100, true), at(100, 100, true), at(100, 101, false)),
                "users", "--server", "http://127.0.0.1:9", "--poll-interval", "PT0S", "--line-interval", "PT0S");

        assertThat(exit).as(err()).isZero();
        assertThat(askedServer).hasToString("http://127.0.0.1:9");
        assertThat(out()).contains("Replaying the users projection by the scripted side: 100 events in the log.",
                "Replaying users: 0 of 100 events (0%)", "Replaying users: 40 of 100 events (40%)",
                "Replaying users: 100 of 100 events (100%)",
                "Replayed the users projection: 100 events in ");
        assertThat(out()).doesNotContain("\r");
        assertThat(err()).isEmpty();
    }

    @Test
    void followsAReplayThatIsAlreadyRunning() {
        int exit = run(scripted(Optional.empty(), at(30, 50, true), at(50, 50, false)), "users", "--poll-interval", "PT0S");

        assertThat(exit).isZero();
        assertThat(askedServer).isNull();
        assertThat(out()).contains("A replay of the users projection is already running by the scripted side; following it.",
                "Replayed the users projection: 50 events");
    }

    @Test
    void saysWhenEventsWereDeadLettered() {
        ProjectionStatus done = new ProjectionStatus("users", 10, 10, false, 0, 2, List.of());

        int exit = run(scripted(Optional.of(at(0, 10, true)), done), "users", "--poll-interval", "PT0S");

        assertThat(exit).isZero();
        assertThat(out()).contains("2 event(s) failed and wait in the dead-letter queue",
                "POST /api/projections/users/dead-letters/retry");
    }

    @Test
    void aRefusedReplayIsOneErrorLine() {
        ProjectionOperations refusing = new ProjectionOperations() {
            @Override
            public Optional<ProjectionStatus> replay(String projection) {
                throw new ReplayFailed("Another query-side process claims segment 1 (42@elsewhere) of the users projection.");
            }

            @Override
            public ProjectionStatus status(String projection) {
                throw new AssertionError("not followed");
            }

            @Override
            public String where() {
                return "here";
            }

            @Override
            public void close() {
            }
        };

        int exit = run(refusing, "users");

        assertThat(exit).isEqualTo(1);
        assertThat(err().lines()).containsExactly(
                "Error: Another query-side process claims segment 1 (42@elsewhere) of the users projection.");
    }

    @Test
    void noTokenForTheRunningQuerySideIsOneErrorLineAndStartsNothing() {
        ReplayCommand command = new ReplayCommand(server -> {
            throw new ReplayFailed("the query side at " + server + " replays only for a superuser: set ACCOUNTS_ACCESS_TOKEN");
        }, () -> false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        int exit = command.execute("users", "--server", "http://127.0.0.1:9");

        assertThat(exit).isEqualTo(1);
        assertThat(err().lines()).containsExactly(
                "Error: the query side at http://127.0.0.1:9 replays only for a superuser: set ACCOUNTS_ACCESS_TOKEN");
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownProjectionIsOneErrorLineAndStartsNothing() {
        int exit = run(scripted(Optional.empty(), at(0, 0, false)), "nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err().lines()).containsExactly("Error: unknown projection 'nope'; the projections are: users.");
        assertThat(started).isFalse();
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingProjectionIsAUsageError() {
        int exit = run(scripted(Optional.empty(), at(0, 0, false)));

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("PROJECTION");
        assertThat(started).isFalse();
    }
}
