package dev.accounts.query.support;

import dev.accounts.testsupport.BootJar;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The query side run from this module's own Boot jar as a separate process on PostgreSQL, as production runs it
 * (Failsafe runs after the jar is repackaged): for tests that run several of them, or kill one.
 */
public final class QuerySide {

    private static final Path JAR = Path.of(System.getProperty("accounts.query-side.jar", "target/query-side.jar"));

    private QuerySide() {
    }

    /**
     * Starts a query side on this database that verifies access tokens with the keys published at {@code keysUrl}
     * (a command side's, or a {@link TestIssuer}'s), with these environment variables added; does not wait.
     */
    public static BootJar launch(String name, String jdbcUrl, String user, String password, String keysUrl,
                                 Map<String, String> extra) {
        int port = BootJar.freePort();
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", jdbcUrl,
                "SPRING_DATASOURCE_USERNAME", user,
                "SPRING_DATASOURCE_PASSWORD", password,
                "ACCOUNTS_COMMAND_URL", keysUrl,
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true"));
        environment.putAll(extra);
        return BootJar.launch(name, JAR, environment, port, "--server.port=" + port);
    }
}
