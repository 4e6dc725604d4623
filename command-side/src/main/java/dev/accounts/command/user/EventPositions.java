package dev.accounts.command.user;

import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Global positions of appended events. Axon's engine does not return them, so they are read back by
 * aggregate; a reader that has reached this position has seen the account's events.
 *
 * <p>With Axon Server as the event store (profile {@code axonserver}) an append returns no position and the JDBC
 * table is empty: the position given is the log's head once the events are committed, which is at or past them
 * (so a read with {@code X-Min-Position} may wait for a few newer events as well, never for fewer).
 */
@Component
public class EventPositions {

    private final JdbcClient jdbc;
    private final EventStore eventStore;
    private final boolean logInAxonServer;

    public EventPositions(JdbcClient jdbc, EventStore eventStore,
                          @Value("${axon.axonserver.enabled:false}") boolean logInAxonServer) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.logInAxonServer = logInAxonServer;
    }

    /** The position of the newest event of an account, or -1 when it has none. */
    public long latestOf(UUID userId) {
        if (logInAxonServer) {
            return eventStore.createHeadToken().position().orElse(-1);
        }
        Long position = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(userId.toString()).query(Long.class).optional().orElse(null);
        return position == null ? -1 : position;
    }
}
