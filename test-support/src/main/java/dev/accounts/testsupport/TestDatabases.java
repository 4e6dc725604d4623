package dev.accounts.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real databases for tests: a fresh PostgreSQL database per test run (dropped when the run ends) on the
 * server named by {@code ACCOUNTS_TEST_PG_URL} (default 127.0.0.1:5432), or a fresh H2 file as the
 * embedded mode uses. Tests fail, never skip, when PostgreSQL cannot be reached.
 */
public final class TestDatabases {

    private static final String ADMIN_URL = System.getenv().getOrDefault("ACCOUNTS_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getenv().getOrDefault("ACCOUNTS_TEST_PG_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("ACCOUNTS_TEST_PG_PASSWORD", "");

    private TestDatabases() {
    }

    /** A JDBC URL of a new, empty PostgreSQL database. */
    public static String freshPostgres() {
        String name = "accounts_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    /** Points a Spring test context's data source at a new, empty PostgreSQL database. */
    public static void useFreshPostgres(DynamicPropertyRegistry registry) {
        String url = freshPostgres();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
    }

    public static String postgresUser() {
        return USER;
    }

    public static String postgresPassword() {
        return PASSWORD;
    }

    /** A JDBC URL of a new H2 file database, as the embedded mode uses. */
    public static String freshH2() {
        String dir = System.getProperty("java.io.tmpdir") + "/accounts-it-" + UUID.randomUUID();
        return "jdbc:h2:file:" + dir + "/accounts;AUTO_SERVER=TRUE";
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is required for this test: " + e.getMessage(), e);
        }
    }
}
