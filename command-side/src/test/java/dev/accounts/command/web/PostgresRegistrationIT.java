package dev.accounts.command.web;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The registration API on PostgreSQL (profile {@code postgres}), in a database of its own. */
@ActiveProfiles("postgres")
class PostgresRegistrationIT extends RegistrationApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useFreshPostgres(registry);
    }
}
