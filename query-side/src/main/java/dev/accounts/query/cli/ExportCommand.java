package dev.accounts.query.cli;

import dev.accounts.query.history.HistoricEvent;
import dev.accounts.query.history.StoredEventLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code events export}: the public events of the log as NDJSON, one per line in log order, each as a user's history
 * shows it plus its {@code user_id}. It reads the store itself (whether or not the service runs), up to the newest
 * event when it starts; to a file it shows a progress bar (plain lines when stdout is not a terminal).
 */
@Command(name = ExportCommand.NAME, mixinStandardHelpOptions = true,
        description = {"Write the public events of the log as NDJSON, one per line, in log order: user_id, position, "
                + "event_id, type, revision, time, metadata and payload. Internal events and any other metadata are "
                + "never written.",
                "Exit status 0 when done; 1 with one line 'Error: ...' on failure; 2 on a usage error."})
class ExportCommand implements Callable<Integer> {

    static final String NAME = "export";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--after", paramLabel = "POS", defaultValue = "0",
            description = "Only events after this log position (the position of the last line of an earlier export).")
    long after;

    @Option(names = "--user", paramLabel = "ID", description = "Only the events of this user.")
    UUID user;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE, with a progress bar, instead of stdout.")
    Path output;

    @Option(names = "--line-interval", paramLabel = "DURATION", defaultValue = "PT2S", hidden = true,
            description = "How often a progress line is printed when stdout is not a terminal.")
    Duration lineInterval;

    @Spec
    CommandSpec spec;

    private final Supplier<StoredEventLog> logs;
    private final Supplier<Boolean> terminal;
    private final PrintStream out;
    private final PrintStream err;

    ExportCommand(Supplier<StoredEventLog> logs, Supplier<Boolean> terminal, PrintStream out, PrintStream err) {
        this.logs = logs;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (after < 0) {
            throw new ParameterException(spec.commandLine(), "--after must be a log position: 0 or more.");
        }
        StoredEventLog opened;
        try {
            opened = logs.get();
        } catch (RuntimeException failure) {
            return fail(Failures.oneLine(failure));
        }
        try (StoredEventLog log = opened) {
            long head = log.head();
            if (output == null) {
                OutputStream lines = new BufferedOutputStream(out);
                log.forEach(after, head, user, event -> write(lines, event));
                lines.flush();
                return 0;
            }
            long total = log.count(after, head, user);
            long[] done = {0};
            String task = "Exporting events";
            try (OutputStream lines = new BufferedOutputStream(Files.newOutputStream(output));
                 ProgressDisplay progress = terminal.get() ? ProgressDisplay.bar(out, task)
                         : ProgressDisplay.lines(out, task, lineInterval, System::nanoTime)) {
                progress.update(0, total);
                log.forEach(after, head, user, event -> {
                    write(lines, event);
                    progress.update(++done[0], total);
                });
            }
            out.println("Exported " + done[0] + " events to " + output + ".");
            return 0;
        } catch (IOException | UncheckedIOException failure) {
            Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
            return fail("cannot write " + (output != null ? output : "the standard output") + ": "
                    + cause.getClass().getSimpleName() + (cause.getMessage() != null ? " " + cause.getMessage() : ""));
        } catch (RuntimeException failure) {
            return fail(Failures.oneLine(failure));
        }
    }

    /** One line: the event as a history shows it, after the user it is about. */
    private static void write(OutputStream lines, HistoricEvent event) {
        ObjectNode line = event.withUserId(JSON);
        try {
            lines.write(JSON.writeValueAsBytes(line));
            lines.write('\n');
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private int fail(String message) {
        err.println("Error: " + message);
        return 1;
    }
}
