package dev.accounts.eventstore;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stored events load as today's records from the embedded mode's H2 file store. */
class H2StoredEventsIT extends StoredEventsTests {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        eventLog(properties, "h2", TestDatabases.freshH2(), "sa", "");
    }
}
