package dev.accounts.eventstore;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stored events load as today's records from PostgreSQL ({@code bytea} payloads). */
@SpringBootTest(classes = StoredEventsTests.EventStoreOnly.class)
class PostgresStoredEventsIT extends StoredEventsTests {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        String url = TestDatabases.freshPostgres();
        properties.add("spring.datasource.url", () -> url);
        properties.add("spring.datasource.username", TestDatabases::postgresUser);
        properties.add("spring.datasource.password", TestDatabases::postgresPassword);
        commonProperties(properties, "postgresql");
    }
}
