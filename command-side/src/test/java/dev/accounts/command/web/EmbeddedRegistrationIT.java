package dev.accounts.command.web;

import dev.accounts.testsupport.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The registration API on the embedded store: an H2 file, as {@code ./accounts up} runs it. */
class EmbeddedRegistrationIT extends RegistrationApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.freshH2();
        registry.add("spring.datasource.url", () -> url);
    }
}
