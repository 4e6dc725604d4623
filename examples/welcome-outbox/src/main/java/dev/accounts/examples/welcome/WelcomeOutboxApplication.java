package dev.accounts.examples.welcome;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A downstream service of Accounts: it follows the event log and writes a welcome message to its outbox for
 * every user who registers. It has no web endpoint; a relay of your choice sends what the outbox holds.
 */
@SpringBootApplication
public class WelcomeOutboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(WelcomeOutboxApplication.class, args);
    }
}
