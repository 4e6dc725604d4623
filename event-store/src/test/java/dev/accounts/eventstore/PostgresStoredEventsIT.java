package dev.accounts.eventstore;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stored events load as today's records from PostgreSQL ({@code bytea} payloads). */
class PostgresStoredEventsIT extends StoredEventsTests {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        eventLog(properties, "postgresql", TestDatabases.freshPostgres(), TestDatabases.postgresUser(),
                TestDatabases.postgresPassword());
    }
}
