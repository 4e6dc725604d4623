package dev.accounts.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side: reads the event log and serves what it builds from it. It never handles a command. */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon prints a banner advertising its console unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
