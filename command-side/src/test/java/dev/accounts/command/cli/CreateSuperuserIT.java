package dev.accounts.command.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.accounts.testsupport.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code createsuperuser} as an operator meets it: the real Boot jar (and once the {@code ./accounts}
 * script) in a real pseudo-terminal, on a PostgreSQL database of this class's own. Interactive runs
 * go through pty4j; the non-interactive ones through a plain process with stdin closed.
 */
class CreateSuperuserIT {

    private static final Duration START_AND_ANSWER = Duration.ofSeconds(60);
    private static final Duration QUICK = Duration.ofSeconds(15);
    private static final String SUPERUSER_CREATED = "dev.accounts.events.SuperuserCreated";

    private static Path module;
    private static Path repoRoot;
    private static Path jar;
    private static String databaseUrl;

    @TempDir
    static Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void freshDatabaseAndBuiltJar() {
        module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        repoRoot = module.getParent();
        jar = module.resolve("target/command-side.jar");
        assertThat(jar).as("the Boot jar; Failsafe runs after it is repackaged").isRegularFile();
        databaseUrl = TestDatabases.freshPostgres();
    }

    @AfterEach
    void stopLeftovers() {
        started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    @Test
    void interactiveRejectsAMismatchAndACommonPasswordWithoutEchoingAnyPassword() throws Exception {
        String email = "ada.interactive@example.com";
        try (TerminalSession terminal = TerminalSession.start(this, environment(), jarCommand())) {
            terminal.expect("Email address: ", START_AND_ANSWER).send(email);
            terminal.expect("Username: ").send("ada");

            terminal.expect("Password: ").send("Mismatch-One-4711");
            terminal.expect("Password (again): ").send("Mismatch-Two-4711");
            terminal.expect("Error: Your passwords didn't match.");

            terminal.expect("Password: ").send("password");
            terminal.expect("Password (again): ").send("password");
            terminal.expect("This password is too common.");
            terminal.expect("Bypass password validation and create user anyway? [y/N]: ").send("N");

            terminal.expect("Password: ").send("Correct-Horse-Battery-4711");
            terminal.expect("Password (again): ").send("Correct-Horse-Battery-4711");
            terminal.expect("Superuser created successfully.");

            assertThat(terminal.exitCode()).isZero();
            String screen = terminal.transcript();
            assertThat(screen).doesNotContain("Mismatch-One-4711", "Mismatch-Two-4711", "Correct-Horse-Battery-4711");
            assertPasswordPromptsShowNothingTyped(screen, 6);
            assertThat(screen).as("typed answers other than passwords are echoed")
                    .contains("Email address: " + email, "[y/N]: N");
            assertThat(screen).doesNotContain("WARN", "ERROR", "Exception");
        }
        assertThat(superusersCreatedFor(email)).isEqualTo(1);
    }

    @Test
    void interactiveAsksAgainForATakenOrAnInvalidEmail() throws Exception {
        String taken = "Grace.Taken@example.com";
        Result first = runJar(environment(Map.of("ACCOUNTS_SUPERUSER_EMAIL", taken,
                "ACCOUNTS_SUPERUSER_USERNAME", "grace", "ACCOUNTS_SUPERUSER_PASSWORD", "Taken-Already-4711")), "--no-input");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        String email = "grace.asked.again@example.com";
        try (TerminalSession terminal = TerminalSession.start(this, environment(), jarCommand())) {
            terminal.expect("Email address: ", START_AND_ANSWER).send("GRACE.TAKEN@EXAMPLE.COM");
            terminal.expect("Error: That email is already taken.");
            terminal.expect("Email address: ").send("not-an-email");
            terminal.expect("Error: Enter a valid email address.");
            terminal.expect("Email address: ").send(email);
            terminal.expect("Username: ").send("grace2");
            terminal.expect("Password: ").send("Second-Grace-4711");
            terminal.expect("Password (again): ").send("Second-Grace-4711");
            terminal.expect("Superuser created successfully.");
            assertThat(terminal.exitCode()).isZero();
            assertPasswordPromptsShowNothingTyped(terminal.transcript(), 2);
        }
        assertThat(superusersCreatedFor(taken)).isEqualTo(1);
        assertThat(superusersCreatedFor(email)).isEqualTo(1);
    }

    @Test
    void interactiveCanBypassPasswordValidation() throws Exception {
        String email = "linus.bypass@example.com";
        try (TerminalSession terminal = TerminalSession.start(this, environment(), jarCommand())) {
            terminal.expect("Email address: ", START_AND_ANSWER).send(email);
            terminal.expect("Username: ").send("linus");
            terminal.expect("Password: ").send("password");
            terminal.expect("Password (again): ").send("password");
            terminal.expect("This password is too common.");
            terminal.expect("Bypass password validation and create user anyway? [y/N]: ").send("y");
            terminal.expect("Superuser created successfully.");
            assertThat(terminal.exitCode()).isZero();
            assertPasswordPromptsShowNothingTyped(terminal.transcript(), 2);
        }
        assertThat(superusersCreatedFor(email)).isEqualTo(1);
    }

    @Test
    void noInputTakesTheEnvironmentAndFailsWithOneLine() throws Exception {
        String email = "Barbara.NoInput@example.com";
        Map<String, String> superuser = Map.of("ACCOUNTS_SUPERUSER_EMAIL", email,
                "ACCOUNTS_SUPERUSER_USERNAME", "barbara", "ACCOUNTS_SUPERUSER_PASSWORD", "No-Input-Strong-4711");

        Result created = runJar(environment(superuser), "--no-input");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout()).isEqualTo("Superuser created successfully." + System.lineSeparator());
        assertThat(created.stderr()).isEmpty();
        assertThat(superusersCreatedFor(email)).isEqualTo(1);
        List<String> metadata = metadataOfTheAccountOf(email);
        assertThat(metadata).as("SuperuserCreated and PasswordSet").hasSize(2).allSatisfy(each -> assertThat(each)
                .contains("\"actor\":\"cli\"", "\"correlation_id\":\"", "\"causation_id\":\"")
                .doesNotContain("client_address", "user_agent", "No-Input-Strong-4711"));
        assertThat(field(metadata.get(0), "correlation_id")).as("one correlation id per command line")
                .isEqualTo(field(metadata.get(1), "correlation_id"));

        long events = allEvents();
        Map<String, String> noPassword = new HashMap<>(superuser);
        noPassword.remove("ACCOUNTS_SUPERUSER_PASSWORD");
        noPassword.put("ACCOUNTS_SUPERUSER_EMAIL", "someone.else@example.com");
        assertFailsWithOneLine(runJar(environment(noPassword), "--no-input"), "ACCOUNTS_SUPERUSER_PASSWORD");

        Map<String, String> invalid = new HashMap<>(superuser);
        invalid.put("ACCOUNTS_SUPERUSER_USERNAME", "barbara2");
        assertFailsWithOneLine(runJar(environment(invalid), "--no-input", "--email", "not-an-email"),
                "Enter a valid email address.");

        Map<String, String> taken = new HashMap<>(superuser);
        taken.put("ACCOUNTS_SUPERUSER_EMAIL", email.toLowerCase());
        taken.put("ACCOUNTS_SUPERUSER_USERNAME", "barbara3");
        assertThat(assertFailsWithOneLine(runJar(environment(taken), "--no-input"), "already taken"))
                .isEqualTo("Error: That email is already taken.");

        assertThat(allEvents()).as("nothing stored by the failed runs").isEqualTo(events);
    }

    @Test
    void withoutATerminalItAsksForNoInput() throws Exception {
        long events = allEvents();
        assertFailsWithOneLine(runJar(environment()), "--no-input");
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void anUnreachableDatabaseIsOneLineNotALog() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> environment = environment(Map.of("ACCOUNTS_SUPERUSER_EMAIL", "nowhere@example.com",
                "ACCOUNTS_SUPERUSER_USERNAME", "nowhere", "ACCOUNTS_SUPERUSER_PASSWORD", "Nowhere-Strong-4711"));
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/accounts");
        assertThat(assertFailsWithOneLine(runJar(environment, "--no-input"), "refused"))
                .contains("127.0.0.1:" + closedPort);
    }

    @Test
    void theAccountsScriptRunsIt() throws Exception {
        String email = "script.user@example.com";
        Map<String, String> environment = environment(Map.of("ACCOUNTS_SUPERUSER_EMAIL", email,
                "ACCOUNTS_SUPERUSER_USERNAME", "scripted", "ACCOUNTS_SUPERUSER_PASSWORD", "Scripted-Strong-4711"));
        Result result = run(List.of("./accounts", "createsuperuser", "--no-input"), environment, repoRoot);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("Superuser created successfully." + System.lineSeparator());
        assertThat(result.stderr()).as("no rebuild, no noise").isEmpty();
        assertThat(superusersCreatedFor(email)).isEqualTo(1);
    }

    // ----------------------------------------------------------------------------------------------

    /** Every "Password: " and "Password (again): " prompt ends its line with nothing typed after it. */
    private static void assertPasswordPromptsShowNothingTyped(String screen, int prompts) {
        Matcher matcher = Pattern.compile("Password(?: \\(again\\))?: ([^\\r\\n]*)").matcher(screen);
        int seen = 0;
        while (matcher.find()) {
            seen++;
            assertThat(matcher.group(1)).as("echo after a password prompt in%n%s", screen).isEmpty();
        }
        assertThat(seen).as("password prompts in%n%s", screen).isEqualTo(prompts);
    }

    /** Exit code 1, nothing on stdout and exactly one line, "Error: ...", on stderr; returns that line. */
    private static String assertFailsWithOneLine(Result result, String mentioning) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).as(result.toString()).isEmpty();
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines).as(result.toString()).hasSize(1);
        assertThat(lines.get(0)).startsWith("Error: ").contains(mentioning).hasSizeLessThan(200);
        return lines.get(0);
    }

    private List<String> jarCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), CreateSuperuserCommand.NAME));
        command.addAll(List.of(args));
        return command;
    }

    private Result runJar(Map<String, String> environment, String... args) throws Exception {
        return run(jarCommand(args), environment, module);
    }

    /** Runs a command to its end with stdin closed (no terminal); stdout and stderr kept apart. */
    private Result run(List<String> command, Map<String, String> environment, Path directory) throws Exception {
        Path out = Files.createTempFile(dataDir, "stdout", ".txt");
        Path err = Files.createTempFile(dataDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        process.getOutputStream().close();
        assertThat(process.waitFor(START_AND_ANSWER.toSeconds(), TimeUnit.SECONDS))
                .as("%s finished within %s", command, START_AND_ANSWER).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static Map<String, String> environment() {
        return environment(Map.of());
    }

    /** This JVM's environment without anything that would choose another store or answer for us. */
    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("ACCOUNTS_")
                || name.startsWith("LOGGING_") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JAVA_OPTS"));
        environment.put("SPRING_PROFILES_ACTIVE", "postgres");
        environment.put("SPRING_DATASOURCE_URL", databaseUrl);
        environment.put("SPRING_DATASOURCE_USERNAME", TestDatabases.postgresUser());
        environment.put("SPRING_DATASOURCE_PASSWORD", TestDatabases.postgresPassword());
        environment.put("ACCOUNTS_PASSWORD_ALGORITHM", "pbkdf2_sha256");
        environment.put("ACCOUNTS_PASSWORD_ITERATIONS", "1000");
        environment.put("ACCOUNTS_DATA_DIR", dataDir.toString());
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        environment.put("TERM", "xterm");
        environment.putAll(extra);
        return environment;
    }

    private static long superusersCreatedFor(String email) throws SQLException {
        return count("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?"
                + " AND lower(convert_from(payload, 'UTF8')::jsonb ->> 'email') = lower(?)", SUPERUSER_CREATED, email);
    }

    /** The metadata of every event of the account with this email, in order, as JSON text. */
    private static List<String> metadataOfTheAccountOf(String email) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword());
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier =
                         (SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type = ?
                          AND lower(convert_from(payload, 'UTF8')::jsonb ->> 'email') = lower(?))
                     ORDER BY sequence_number""")) {
            statement.setString(1, SUPERUSER_CREATED);
            statement.setString(2, email);
            List<String> metadata = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    metadata.add(rows.getString(1));
                }
            }
            return metadata;
        }
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(value.find()).as(name + " in " + json).isTrue();
        return value.group(1);
    }

    private static long allEvents() throws SQLException {
        return count("SELECT count(*) FROM domain_event_entry");
    }

    private static long count(String sql, String... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword())) {
            try (ResultSet table = connection.createStatement().executeQuery(
                    "SELECT to_regclass('domain_event_entry') IS NOT NULL")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return 0; // no run has migrated this database yet
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }
    }

    /**
     * A process in a pseudo-terminal, driven as a person would: wait until the screen shows some text,
     * then type a line. A background thread copies everything the terminal shows into a transcript;
     * {@link #expect} looks for text after the previous match, so a repeated prompt must really repeat.
     */
    private static final class TerminalSession implements AutoCloseable {

        private final PtyProcess process;
        private final StringBuffer transcript = new StringBuffer();
        private final Thread reader;
        private int cursor;

        private TerminalSession(PtyProcess process) {
            this.process = process;
            this.reader = new Thread(() -> copy(process.getInputStream()), "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static TerminalSession start(CreateSuperuserIT test, Map<String, String> environment, List<String> command)
                throws IOException {
            PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new))
                    .setEnvironment(environment)
                    .setDirectory(module.toString())
                    .setRedirectErrorStream(true)
                    .setInitialColumns(160)
                    .setInitialRows(40)
                    .start();
            test.started.add(process);
            return new TerminalSession(process);
        }

        private void copy(InputStream screen) {
            try (Reader in = new InputStreamReader(screen, StandardCharsets.UTF_8)) {
                char[] chunk = new char[4096];
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    transcript.append(chunk, 0, n);
                }
            } catch (IOException endOfTerminal) {
                // Linux answers EIO on the master side once the process has gone
            }
        }

        TerminalSession expect(String text) {
            return expect(text, QUICK);
        }

        /** Waits until {@code text} appears after the previous match, failing with the screen so far. */
        TerminalSession expect(String text, Duration timeout) {
            await("terminal shows \"" + text + "\"").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(transcript.substring(cursor))
                            .as("terminal after the previous match; whole transcript:%n%s", transcript).contains(text));
            cursor = transcript.indexOf(text, cursor) + text.length();
            return this;
        }

        /** Types a line and presses Enter. */
        TerminalSession send(String line) throws IOException {
            OutputStream keyboard = process.getOutputStream();
            keyboard.write(line.getBytes(StandardCharsets.UTF_8));
            keyboard.write(process.getEnterKeyCode());
            keyboard.flush();
            return this;
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(QUICK.toSeconds(), TimeUnit.SECONDS))
                    .as("process ended; transcript:%n%s", transcript).isTrue();
            reader.join(QUICK.toMillis());
            return process.exitValue();
        }

        String transcript() {
            return transcript.toString();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
