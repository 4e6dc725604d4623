package dev.accounts.command.user;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Global positions of appended events. Axon's engine does not return them, so they are read back by
 * aggregate; a reader that has reached this position has seen the account's events.
 */
@Component
public class EventPositions {

    private final JdbcClient jdbc;

    public EventPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The position of the newest event of an account, or -1 when it has none. */
    public long latestOf(UUID userId) {
        Long position = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(userId.toString()).query(Long.class).optional().orElse(null);
        return position == null ? -1 : position;
    }
}
