package dev.accounts.eventstore;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stored events load as today's records from the embedded mode's H2 file store. */
@SpringBootTest(classes = StoredEventsTests.EventStoreOnly.class)
class H2StoredEventsIT extends StoredEventsTests {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabases::freshH2);
        properties.add("spring.datasource.username", () -> "sa");
        commonProperties(properties, "h2");
    }
}
