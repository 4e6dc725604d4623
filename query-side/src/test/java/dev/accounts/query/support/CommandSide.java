package dev.accounts.query.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real command side, run from its Boot jar as a separate process on PostgreSQL, as production runs
 * it: the query side's tests meet it only through HTTP and the shared database, never through its classes.
 */
public final class CommandSide implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("accounts.command-side.jar",
            "../command-side/target/command-side.jar"));

    private final Process process;
    private final Api api;
    private final Path log;
    private final Map<String, String> environment;

    private CommandSide(Process process, int port, Path log, Map<String, String> environment) {
        this.process = process;
        this.api = new Api(port);
        this.log = log;
        this.environment = environment;
    }

    /** Starts the command side on this PostgreSQL database (it migrates the event tables) and waits until it is healthy. */
    public static CommandSide start(String jdbcUrl, String user, String password) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("The command side's jar is missing at " + JAR.toAbsolutePath()
                    + ": build it first (./mvnw verify builds every module in order; for this module alone, "
                    + "./mvnw verify -pl query-side -am)");
        }
        int port = freePort();
        Map<String, String> environment = Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", jdbcUrl,
                "SPRING_DATASOURCE_USERNAME", user,
                "SPRING_DATASOURCE_PASSWORD", password,
                "ACCOUNTS_PASSWORD_ALGORITHM", "pbkdf2_sha256",
                "ACCOUNTS_PASSWORD_ITERATIONS", "1000",
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Path log = Path.of("target", "command-side-" + port + ".log");
        Process process = launch(environment, log, "--server.port=" + port);
        CommandSide commandSide = new CommandSide(process, port, log, environment);
        Runtime.getRuntime().addShutdownHook(new Thread(commandSide::close));
        await("the command side at port " + port + " to report itself healthy (log: " + log.toAbsolutePath() + ")")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The command side exited with " + process.exitValue() + ":\n" + commandSide.output());
                    }
                    try {
                        return commandSide.api.get("/actuator/health").status() == 200;
                    } catch (UncheckedIOException notYetListening) {
                        return false;
                    }
                });
        return commandSide;
    }

    private static Process launch(Map<String, String> environment, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return api;
    }

    /** Registers a user through {@code POST /api/users}; the response carries {@code X-Event-Position}. */
    public Api.Response register(String email, String username, String password, String firstName, String lastName) {
        ObjectNode body = Api.JSON.createObjectNode().put("email", email).put("username", username)
                .put("password", password).put("first_name", firstName).put("last_name", lastName);
        return api.postJson("/api/users", body.toString());
    }

    /** Starts {@code createsuperuser --no-input} against the same database, as an operator would run it. */
    public Process createSuperuser(String email, String username, String password) {
        Map<String, String> environment = new java.util.HashMap<>(this.environment);
        environment.put("ACCOUNTS_SUPERUSER_PASSWORD", password);
        return launch(environment, Path.of("target", "createsuperuser-" + username + ".log"),
                "createsuperuser", "--no-input", "--email", email, "--username", username);
    }

    /** Everything the command side has written to its console so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
