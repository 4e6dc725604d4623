package dev.accounts.examples.welcome;

import dev.accounts.events.UserRegistered;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes one welcome message per registration into {@code welcome.welcome_message}.
 *
 * <p>The processor commits its tracking token in the same transaction as the rows a batch wrote, so after a
 * crash or a restart it resumes where it committed: nothing is missed and nothing is written twice. Should an
 * event arrive again all the same (a reset of the token, say), the row is kept and its {@code deliveries}
 * count goes up, which a relay or a test can see.
 */
@Component
@ProcessingGroup(WelcomeOutbox.PROCESSING_GROUP)
class WelcomeOutbox {

    /** The tracking processor's name: its token is the row of this name in {@code welcome.token_entry}. */
    static final String PROCESSING_GROUP = "welcome-outbox";

    private final JdbcClient jdbc;

    WelcomeOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered registered, TrackingToken token, @Timestamp Instant registeredAt,
            @MetaDataValue("correlation_id") String correlationId) {
        jdbc.sql("""
                        INSERT INTO welcome.welcome_message
                            (user_id, email, username, first_name, registered_at, event_position, correlation_id)
                        VALUES (:user, :email, :username, :firstName, :registeredAt, :position, :correlationId)
                        ON CONFLICT (user_id) DO UPDATE SET deliveries = welcome_message.deliveries + 1""")
                .param("user", registered.userId())
                .param("email", registered.email())
                .param("username", registered.username())
                .param("firstName", registered.firstName())
                .param("registeredAt", registeredAt.atOffset(ZoneOffset.UTC))
                .param("position", token.position().orElseThrow())
                .param("correlationId", correlationId)
                .update();
    }
}
