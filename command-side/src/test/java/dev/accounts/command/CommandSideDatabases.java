package dev.accounts.command;

import dev.accounts.testsupport.TestDatabases;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** New databases holding the command side's own tables, migrated by its own migrations as the application does. */
public final class CommandSideDatabases {

    private CommandSideDatabases() {
    }

    /** A new in-memory H2 database. */
    public static DriverManagerDataSource h2() {
        return migrated("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", "h2");
    }

    /** A new database on the test PostgreSQL server. */
    public static DriverManagerDataSource postgres() {
        return migrated(TestDatabases.freshPostgres(), TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                "postgresql");
    }

    /** The database at {@code url}, migrated with the command side's migrations for {@code vendor}. */
    public static DriverManagerDataSource migrated(String url, String user, String password, String vendor) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, user, password);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/command/common", "classpath:db/command/" + vendor)
                .table("command_side_schema_history").load().migrate();
        return dataSource;
    }
}
