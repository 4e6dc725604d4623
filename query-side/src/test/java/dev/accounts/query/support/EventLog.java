package dev.accounts.query.support;

import dev.accounts.events.UserEvent;
import dev.accounts.eventstore.EventStoreAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command side's event log in a test database, for code that reads an event's position from it: its
 * table (from the command side's own migrations) and rows placed at chosen global positions.
 */
public final class EventLog {

    /** The log's names, as the event-store module's {@code EventSchema} bean gives them. */
    public static final EventSchema SCHEMA = EventStoreAutoConfiguration.snakeCaseEventSchema();

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /**
     * Appends {@code count} registrations to the log in one statement, each opening an account of its own as the
     * command side's {@code UserRegistered} does (emails {@code <tag>.<n>@seed.example.com}; no claims, no password
     * events): a long log, quickly, for a replay to take its time over.
     */
    public static void seedRegistrations(JdbcClient jdbc, int count, String tag) {
        jdbc.sql("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                payload_type, payload_revision, payload, meta_data)
                SELECT gen_random_uuid()::text, u::text, 0, 'User',
                       to_char(now() AT TIME ZONE 'UTC' + i * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'dev.accounts.events.UserRegistered', '1',
                       convert_to(json_build_object('user_id', u, 'email', ? || '.' || i || '@seed.example.com',
                                                    'username', ? || '-' || i, 'first_name', 'Seed', 'last_name', 'No. ' || i)::text, 'UTF8'),
                       convert_to(json_build_object('actor', u, 'correlation_id', u, 'causation_id', u)::text, 'UTF8')
                FROM (SELECT i, gen_random_uuid() AS u FROM generate_series(1, ?) AS i) AS s""")
                .params(tag, tag, count).update();
    }

    /** Appends a public event of its user as the command side does: its JSON form, its time and this metadata. */
    public static long append(JdbcClient jdbc, UserEvent event, Instant time, Map<String, String> metadata) {
        return append(jdbc, event.userId(), event.getClass().getName(), JSON.writeValueAsString(event), time, metadata);
    }

    /**
     * Appends any event of a user (the command side's internal {@code PasswordSet}, say) after the user's others;
     * returns its global position.
     */
    public static long append(JdbcClient jdbc, UUID userId, String payloadType, String payload, Instant time,
                              Map<String, String> metadata) {
        String aggregate = userId.toString();
        long sequence = jdbc.sql("SELECT COALESCE(MAX(sequence_number) + 1, 0) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate).query(Long.class).single();
        String eventId = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                        + "time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 'User', ?, ?, '1', ?, ?)")
                .params(eventId, aggregate, sequence, DateTimeUtils.formatInstant(time), payloadType,
                        payload.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(metadata))
                .update();
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?").param(eventId)
                .query(Long.class).single();
    }
}
