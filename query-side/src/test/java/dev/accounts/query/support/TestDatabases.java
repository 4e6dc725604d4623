package dev.accounts.query.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real databases for tests: a fresh PostgreSQL database per test run (dropped when the run ends) on the
 * server named by {@code ACCOUNTS_TEST_PG_URL} (default 127.0.0.1:5432), a fresh H2 file as the embedded
 * mode uses, or a private in-memory H2. Tests fail, never skip, when PostgreSQL cannot be reached.
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

    /** A private in-memory H2 database with the query side's migrations applied, as its Flyway runs them. */
    public static DataSource migratedInMemoryH2() {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:query-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/query/h2")
                .table("query_side_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        return dataSource;
    }

    /**
     * Applies the command side's migrations (the event log and its own tables) from its source folder, as
     * the command side does when it starts: the query side shares the schema but never the command side's
     * classes.
     */
    public static void migrateCommandSide(DataSource dataSource, String vendor) {
        Path folder = Path.of(System.getProperty("accounts.command-side.migrations",
                "../command-side/src/main/resources/db/command")).resolve(vendor);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The command side's migrations are not at " + folder.toAbsolutePath());
        }
        Flyway.configure().dataSource(dataSource).locations("filesystem:" + folder.toAbsolutePath())
                .table("command_side_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
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
