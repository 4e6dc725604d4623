package dev.accounts.query.cli;

import dev.accounts.query.history.StoredEventLog;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code events}: the event log, for audit tooling. Its one subcommand is {@code export}. A usage error is one line
 * {@code Error: ...} on stderr and exit status 2.
 */
@Command(name = EventsCommand.NAME, mixinStandardHelpOptions = true,
        description = "The event log, for audit tooling.")
public class EventsCommand implements Callable<Integer> {

    public static final String NAME = "events";

    @Spec
    CommandSpec spec;

    /** Runs the command with the process's streams, on the configured store; returns the exit code. */
    public static int run(String... args) {
        return execute(StoredEventLog::open, () -> System.console() != null, System.out, System.err, args);
    }

    /**
     * Parses the arguments and runs on the log {@code logs} opens; usage errors and help go to these streams.
     *
     * @param terminal whether stdout is a terminal, where a progress bar is redrawn in place
     */
    static int execute(Supplier<StoredEventLog> logs, Supplier<Boolean> terminal, PrintStream out, PrintStream err,
                       String... args) {
        CommandLine line = new CommandLine(new EventsCommand())
                .addSubcommand(ExportCommand.NAME, new ExportCommand(logs, terminal, out, err))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        line.setParameterExceptionHandler((invalid, arguments) -> {
            String message = invalid.getMessage() == null ? "invalid arguments" : invalid.getMessage();
            err.println("Error: " + message.strip().lines().findFirst().orElse(message)
                    + " (see " + invalid.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: " + ExportCommand.NAME + ".");
    }
}
