package dev.accounts.query.support;

import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

    private final BootJar jar;
    private final Map<String, String> environment;

    private CommandSide(BootJar jar, Map<String, String> environment) {
        this.jar = jar;
        this.environment = environment;
    }

    /** Starts the command side on this PostgreSQL database (it migrates the event tables) and waits until it is healthy. */
    public static CommandSide start(String jdbcUrl, String user, String password) {
        return start(jdbcUrl, user, password, Map.of());
    }

    /** The same, with these environment variables added (or replacing the defaults). */
    public static CommandSide start(String jdbcUrl, String user, String password, Map<String, String> extra) {
        Map<String, String> environment = environment(jdbcUrl, user, password, extra);
        BootJar jar = launch(environment);
        jar.awaitHealthy(Duration.ofSeconds(120));
        return new CommandSide(jar, environment);
    }

    /** Starts the command side as {@link #start} does, without waiting for it to report itself healthy. */
    public static BootJar launch(String jdbcUrl, String user, String password, Map<String, String> extra) {
        return launch(environment(jdbcUrl, user, password, extra));
    }

    private static BootJar launch(Map<String, String> environment) {
        int port = BootJar.freePort();
        return BootJar.launch("command-side", JAR, environment, port, "--server.port=" + port);
    }

    private static Map<String, String> environment(String jdbcUrl, String user, String password, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", jdbcUrl,
                "SPRING_DATASOURCE_USERNAME", user,
                "SPRING_DATASOURCE_PASSWORD", password,
                "ACCOUNTS_PASSWORD_ALGORITHM", "pbkdf2_sha256",
                "ACCOUNTS_PASSWORD_ITERATIONS", "1000",
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                // every registration comes from this one address
                "ACCOUNTS_RATE_LIMIT_ENABLED", "false"));
        environment.putAll(extra);
        return environment;
    }

    /** {@code kill -9}, returning once the process is gone: nothing it held in flight is committed by it any more. */
    public void kill() {
        jar.kill();
    }

    /** After {@link #kill}: the same command side started again on the same port and database, once it is healthy. */
    public CommandSide restart(String name) {
        return new CommandSide(jar.relaunch(name).awaitHealthy(Duration.ofSeconds(120)), environment);
    }

    /** The process now running (its pid tells a restart). */
    public Process process() {
        return jar.process();
    }

    public Api api() {
        return jar.api();
    }

    /** Registers a user through {@code POST /api/users}; the response carries {@code X-Event-Position}. */
    public Api.Response register(String email, String username, String password, String firstName, String lastName) {
        ObjectNode body = Api.JSON.createObjectNode().put("email", email).put("username", username)
                .put("password", password).put("first_name", firstName).put("last_name", lastName);
        return jar.api().postJson("/api/users", body.toString());
    }

    /** Logs in through {@code POST /api/auth/login}, with these header name-value pairs; the answer as it came. */
    public Api.Response logIn(String email, String password, String... headers) {
        return jar.api().postJson("/api/auth/login",
                Api.JSON.createObjectNode().put("email", email).put("password", password).toString(), headers);
    }

    /** Waits for a {@link #createSuperuser} run to finish, then logs that superuser in: its access token. */
    public String superuserToken(Process createSuperuser, String email, String password) {
        try {
            if (!createSuperuser.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("createsuperuser did not finish within 90 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Api.Response login = logIn(email, password);
        if (login.status() != 200) {
            throw new IllegalStateException("the superuser cannot log in: " + login.status() + " " + login.body());
        }
        return login.json().get("access").asString();
    }

    /** Starts {@code createsuperuser --no-input} against the same database, as an operator would run it. */
    public Process createSuperuser(String email, String username, String password) {
        Map<String, String> environment = new HashMap<>(this.environment);
        environment.put("ACCOUNTS_SUPERUSER_PASSWORD", password);
        return BootJar.launch("createsuperuser-" + username, JAR, environment, 0,
                "createsuperuser", "--no-input", "--email", email, "--username", username).process();
    }

    /** Everything the command side has written to its console so far. */
    public String output() {
        return jar.output();
    }

    @Override
    public void close() {
        jar.close();
    }
}
