package dev.accounts.query.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import dev.accounts.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The query side's test databases with schemas in place: a private in-memory H2 with its own migrations,
 * and the command side's migrations applied from its source folder. Fresh empty databases come from
 * {@link dev.accounts.testsupport.TestDatabases}.
 */
public final class Migrations {

    private Migrations() {
    }

    /**
     * A fresh PostgreSQL database holding the command side's (empty) event log, as the query side under test's
     * datasource; its URL.
     */
    public static String freshPostgresWithTheLog(DynamicPropertyRegistry registry) {
        String url = TestDatabases.freshPostgres();
        migrateCommandSide(new DriverManagerDataSource(url, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword()), "postgresql");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        return url;
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
}
