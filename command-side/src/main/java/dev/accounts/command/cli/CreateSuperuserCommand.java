package dev.accounts.command.cli;

import dev.accounts.command.CommandSideApplication;
import dev.accounts.command.audit.AuditMetadata;
import dev.accounts.command.audit.Origin;
import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.AlreadyTaken;
import dev.accounts.command.user.InvalidAccount;
import dev.accounts.command.user.Registrations;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code createsuperuser}, as Django's: prompts for email, username and password (hidden, twice),
 * or with {@code --no-input} takes them from options and {@code ACCOUNTS_SUPERUSER_*}. It sends
 * {@code CreateSuperuser} through the same registration flow as the REST API.
 */
@Command(name = CreateSuperuserCommand.NAME, mixinStandardHelpOptions = true,
        description = "Create a superuser: an active staff account with every permission.",
        exitCodeOnInvalidInput = 2)
public class CreateSuperuserCommand implements Callable<Integer> {

    public static final String NAME = "createsuperuser";
    static final String EMAIL_ENV = "ACCOUNTS_SUPERUSER_EMAIL";
    static final String USERNAME_ENV = "ACCOUNTS_SUPERUSER_USERNAME";
    static final String PASSWORD_ENV = "ACCOUNTS_SUPERUSER_PASSWORD";

    @Option(names = "--email", description = "The superuser's email (or ACCOUNTS_SUPERUSER_EMAIL).")
    String email;

    @Option(names = "--username", description = "The superuser's username (or ACCOUNTS_SUPERUSER_USERNAME).")
    String username;

    @Option(names = {"--no-input", "--noinput"},
            description = "Ask nothing; the password comes from ACCOUNTS_SUPERUSER_PASSWORD.")
    boolean noInput;

    private final Supplier<ConfigurableApplicationContext> contexts;
    private final Function<String, String> environment;
    private final Supplier<Terminal> terminals;
    private final PrintStream out;
    private final PrintStream err;

    CreateSuperuserCommand(Supplier<ConfigurableApplicationContext> contexts, Function<String, String> environment,
                           Supplier<Terminal> terminals, PrintStream out, PrintStream err) {
        this.contexts = contexts;
        this.environment = environment;
        this.terminals = terminals;
        this.out = out;
        this.err = err;
    }

    /** Runs the command with the process's environment and terminal; returns the exit code. */
    public static int run(String... args) {
        CreateSuperuserCommand command = new CreateSuperuserCommand(CreateSuperuserCommand::startApplication,
                System::getenv, Terminal::system, System.out, System.err);
        return new CommandLine(command).execute(args);
    }

    private static ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // a command answers with one line of its own; Spring's log (on stdout) would bury it
                .properties(Map.of("logging.level.root", "OFF", "spring.main.register-shutdown-hook", "false"))
                .run();
    }

    @Override
    public Integer call() {
        // everything this command sends is the operator's: actor cli, one correlation id
        try (Origin.Scope operator = Origin.commandLine().bind()) {
            return createSuperuser();
        }
    }

    private int createSuperuser() {
        Terminal terminal = noInput ? null : terminals.get();
        if (!noInput && terminal == null) {
            return fail("not running in a terminal; use --no-input with " + PASSWORD_ENV + " (and --email, --username)");
        }
        String password = null;
        if (noInput) {
            email = firstNonBlank(email, environment.apply(EMAIL_ENV));
            username = firstNonBlank(username, environment.apply(USERNAME_ENV));
            password = environment.apply(PASSWORD_ENV);
            if (email == null) {
                return fail("--email or " + EMAIL_ENV + " is required with --no-input.");
            }
            if (username == null) {
                return fail("--username or " + USERNAME_ENV + " is required with --no-input.");
            }
            if (password == null || password.isEmpty()) {
                return fail(PASSWORD_ENV + " is required with --no-input.");
            }
        }
        ConfigurableApplicationContext started;
        try {
            started = contexts.get();
        } catch (RuntimeException failure) {
            return fail(startupFailure(failure));
        }
        try (ConfigurableApplicationContext context = started) {
            Registrations registrations = context.getBean(Registrations.class);
            return noInput ? create(registrations, password, true) : interactive(registrations, terminal);
        } catch (Cancelled cancelled) {
            err.println();
            err.println("Operation cancelled.");
            return 1;
        } catch (RuntimeException failure) {
            return fail(oneLine(failure));
        }
    }

    private int interactive(Registrations registrations, Terminal terminal) {
        email = ask(terminal, "Email address: ", email, registrations::emailFaults);
        username = ask(terminal, "Username: ", username, registrations::usernameFaults);
        AccountDetails details = new AccountDetails(email, username, "", "");
        while (true) {
            char[] first = terminal.readPassword("Password: ");
            if (first == null) {
                throw new Cancelled();
            }
            char[] second = terminal.readPassword("Password (again): ");
            if (second == null) {
                throw new Cancelled();
            }
            String password = new String(first);
            boolean same = Arrays.equals(first, second);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
            if (!same) {
                terminal.println("Error: Your passwords didn't match.");
                continue;
            }
            if (password.isBlank()) {
                terminal.println("Error: Blank passwords aren't allowed.");
                continue;
            }
            List<String> faults = registrations.passwordFaults(password, details);
            if (!faults.isEmpty()) {
                terminal.println(String.join(System.lineSeparator(), faults));
                String answer = terminal.readLine("Bypass password validation and create user anyway? [y/N]: ");
                if (answer == null) {
                    throw new Cancelled();
                }
                if (!answer.strip().equalsIgnoreCase("y")) {
                    continue;
                }
            }
            return create(registrations, password, false);
        }
    }

    private static String ask(Terminal terminal, String prompt, String given, Function<String, List<String>> faults) {
        String value = given;
        while (true) {
            if (value == null) {
                value = terminal.readLine(prompt);
                if (value == null) {
                    throw new Cancelled();
                }
            }
            List<String> problems = value.isBlank() ? List.of("This field cannot be blank.") : faults.apply(value);
            if (problems.isEmpty()) {
                return value;
            }
            problems.forEach(problem -> terminal.println("Error: " + problem));
            value = null;
        }
    }

    private int create(Registrations registrations, String password, boolean checkPassword) {
        try {
            registrations.open(new Registrations.Application(new AccountDetails(email, username, "", ""), password,
                    Registrations.Kind.SUPERUSER, checkPassword, AuditMetadata.CLI, null));
        } catch (AlreadyTaken taken) {
            return fail("That " + taken.fields().get(0) + " is already taken.");
        } catch (InvalidAccount invalid) {
            return fail(oneLine(invalid));
        }
        out.println("Superuser created successfully.");
        return 0;
    }

    private int fail(String message) {
        err.println("Error: " + message);
        return 1;
    }

    private static String oneLine(RuntimeException failure) {
        if (failure instanceof InvalidAccount invalid) {
            StringBuilder line = new StringBuilder();
            invalid.faults().forEach((field, messages) -> line.append(line.isEmpty() ? "" : " ")
                    .append(field).append(": ").append(String.join(" ", messages)));
            return line.toString();
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** What stopped the application starting: the database's own words, else the innermost cause. */
    private static String startupFailure(RuntimeException failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        Throwable clearest = cause != null ? cause : NestedExceptionUtils.getMostSpecificCause(failure);
        String message = clearest.getMessage();
        return message == null || message.isBlank()
                ? clearest.getClass().getSimpleName() : message.strip().lines().findFirst().orElse(message);
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : null;
    }

    /** End of input at a prompt. */
    private static final class Cancelled extends RuntimeException {
    }
}
