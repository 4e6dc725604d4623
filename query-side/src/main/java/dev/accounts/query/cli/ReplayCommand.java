package dev.accounts.query.cli;

import dev.accounts.query.projections.ProjectionStatus;
import dev.accounts.query.projections.Projections;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay PROJECTION}: rebuilds a projection from the start of the event log and follows it until it has
 * caught up, with a progress bar (plain lines when stdout is not a terminal). With {@code --server} a running
 * query side does the replay, for a superuser's access token ({@link OperatorLogin}); without, this process runs
 * the query side (web server off) until it is done, and needs no token: it has the database.
 */
@Command(name = ReplayCommand.NAME, mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 2,
        description = {"Rebuild a projection from the start of the event log, showing its progress.",
                "Exit status 0 once it has caught up with the log; 1 with one line 'Error: ...' on failure; 2 on a usage error."},
        footer = {"", "With --server, the command sends a superuser's access token: " + OperatorLogin.TOKEN_ENV + " if set;"
                + " otherwise it logs in at the command side (" + OperatorLogin.COMMAND_URL_ENV + ", default "
                + OperatorLogin.DEFAULT_COMMAND_URL + ") with " + OperatorLogin.EMAIL_ENV + " and "
                + OperatorLogin.PASSWORD_ENV + ", asking at the terminal for whichever is not set."})
public class ReplayCommand implements Callable<Integer> {

    public static final String NAME = "replay";

    @Parameters(index = "0", paramLabel = "PROJECTION", description = "The projection to rebuild: users.")
    String projection;

    @Option(names = "--server", paramLabel = "URL",
            description = "A running query side (e.g. http://127.0.0.1:8081) to do the replay while this command "
                    + "follows it, as a superuser (see below). Without it, the replay runs in this process, which needs "
                    + "every segment of the projection: no other query side may be running on the database.")
    URI server;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT0.2S", hidden = true,
            description = "How often progress is read (ISO-8601 duration).")
    Duration pollInterval;

    @Option(names = "--line-interval", paramLabel = "DURATION", defaultValue = "PT2S", hidden = true,
            description = "How often a progress line is printed when stdout is not a terminal.")
    Duration lineInterval;

    private final Function<URI, ProjectionOperations> operations;
    private final Supplier<Boolean> terminal;
    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(Function<URI, ProjectionOperations> operations, Supplier<Boolean> terminal, PrintStream out,
                  PrintStream err) {
        this.operations = operations;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    /** Runs the command with the process's streams; returns the exit code. */
    public static int run(String... args) {
        OperatorLogin login = OperatorLogin.system();
        ReplayCommand command = new ReplayCommand(
                server -> server != null ? new RemoteProjections(server, login.token(server)) : LocalProjections.start(),
                () -> System.console() != null, System.out, System.err);
        return command.execute(args);
    }

    /** Parses the arguments and runs; usage errors and help go to this command's own streams. */
    int execute(String... args) {
        return new CommandLine(this).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Override
    public Integer call() {
        if (!Projections.NAMES.contains(projection)) {
            err.println("Error: unknown projection '" + projection + "'; the projections are: "
                    + String.join(", ", Projections.NAMES) + ".");
            return 2;
        }
        ProjectionOperations side;
        try {
            side = operations.apply(server);
        } catch (ReplayFailed failed) {
            return fail(failed.getMessage());
        } catch (RuntimeException failure) {
            return fail(Failures.oneLine(failure));
        }
        try (ProjectionOperations query = side) {
            long started = System.nanoTime();
            ProjectionStatus status = query.replay(projection).map(replaying -> {
                out.println("Replaying the " + projection + " projection " + query.where() + ": " + replaying.head()
                        + " events in the log.");
                return replaying;
            }).orElseGet(() -> {
                ProjectionStatus running = query.status(projection);
                out.println("A replay of the " + projection + " projection is already running " + query.where()
                        + "; following it.");
                return running;
            });
            out.flush();
            status = follow(query, status);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.println(String.format(Locale.ROOT, "Replayed the %s projection: %d events in %.1f s; it has caught up with the log.",
                    projection, status.position(), seconds));
            if (status.deadLetters() > 0) {
                out.println(status.deadLetters() + " event(s) failed and wait in the dead-letter queue: fix the cause, then "
                        + "POST /api/projections/" + projection + "/dead-letters/retry.");
            }
            return 0;
        } catch (ReplayFailed failed) {
            return fail(failed.getMessage());
        } catch (RuntimeException failure) {
            return fail(Failures.oneLine(failure));
        }
    }

    /**
     * Follows the replay until every segment has passed the head the log had when it began, and the table's
     * indexes, dropped for the replay, are built again.
     */
    private ProjectionStatus follow(ProjectionOperations query, ProjectionStatus status) {
        long target = status.head();
        String task = "Replaying " + projection;
        try (ProgressDisplay display = terminal.get() ? ProgressDisplay.bar(out, task)
                : ProgressDisplay.lines(out, task, lineInterval, System::nanoTime)) {
            while (true) {
                display.update(Math.min(status.position(), target), target);
                if (status.caughtUpWith(target) || status.position() >= target) {
                    break;
                }
                pause();
                status = query.status(projection);
            }
        }
        if (!status.caughtUpWith(target)) {
            out.println("All " + target + " events are applied; building the " + projection + " table's indexes again.");
            out.flush();
            while (!status.caughtUpWith(target)) {
                pause();
                status = query.status(projection);
            }
        }
        return status;
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReplayFailed("interrupted");
        }
    }

    private int fail(String message) {
        err.println("Error: " + message);
        return 1;
    }
}
