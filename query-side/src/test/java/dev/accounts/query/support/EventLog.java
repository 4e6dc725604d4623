package dev.accounts.query.support;

import dev.accounts.eventstore.EventStoreAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The command side's event log in a test database, for code that reads an event's position from it: its
 * table (from the command side's own migrations) and rows placed at chosen global positions.
 */
public final class EventLog {

    /** The log's names, as the event-store module's {@code EventSchema} bean gives them. */
    public static final EventSchema SCHEMA = EventStoreAutoConfiguration.snakeCaseEventSchema();

    private EventLog() {
    }

    /** A private in-memory H2 database with both sides' tables, as they share one schema. */
    public static DataSource migratedInMemoryH2() {
        DataSource dataSource = Migrations.migratedInMemoryH2();
        Migrations.migrateCommandSide(dataSource, "h2");
        return dataSource;
    }

    /**
     * Places an event at this global position (positions need not come in order, as when transactions
     * commit out of order) and returns its identifier, which a handler receives with the event.
     */
    public static String append(JdbcClient jdbc, long position) {
        String eventId = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, "
                        + "type, time_stamp, payload_type, payload) VALUES (?, ?, ?, 0, 'User', ?, ?, ?)")
                .params(position, eventId, UUID.randomUUID().toString(), Instant.now().toString(),
                        "dev.accounts.events.UserRegistered", "{}".getBytes(StandardCharsets.UTF_8))
                .update();
        return eventId;
    }
}
