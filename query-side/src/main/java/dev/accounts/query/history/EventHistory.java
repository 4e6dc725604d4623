package dev.accounts.query.history;

import dev.accounts.events.UserEvent;
import dev.accounts.query.log.StoredTimes;
import dev.accounts.query.users.User;
import dev.accounts.query.users.UserChanges;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail, read straight from the event log with plain SQL on PostgreSQL and H2 alike.
 *
 * <p>Only public events ({@code dev.accounts.events}) are ever read: the query selects them by payload type, so
 * the command side's internal events (its {@code PasswordSet} carries the password hash) never leave the database,
 * are never deserialized and never served. Of the metadata, only the audit keys are kept.
 */
@Component
public class EventHistory {

    /** The audit metadata served, in this order; any other metadata stays in the log. */
    public static final List<String> METADATA_KEYS =
            List.of("actor", "correlation_id", "causation_id", "client_address", "user_agent");

    /** Every public event, by the payload type the log names it with. */
    private static final Map<String, Class<? extends UserEvent>> PUBLIC_EVENTS = Arrays
            .stream(UserEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getName, type -> type.asSubclass(UserEvent.class)));
    private static final String PUBLIC_EVENTS_OF_THE_LOG = """
            SELECT global_index, event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data
            FROM domain_event_entry WHERE payload_type IN (:types)""";
    /** Events read at once by {@link #forEach}, which reads page after page. */
    private static final int PAGE_SIZE = 1000;
    /** Reads a payload as its record; a field a later revision adds does not stop an older reader. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final JdbcClient jdbc;

    public EventHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every public event of one user, in log order; empty when the log holds none. */
    public List<HistoricEvent> of(UUID userId) {
        return jdbc.sql(PUBLIC_EVENTS_OF_THE_LOG + " AND aggregate_identifier = :user ORDER BY global_index")
                .param("types", PUBLIC_EVENTS.keySet()).param("user", userId.toString())
                .query(EventHistory::event).list();
    }

    /**
     * The user as their events up to {@code at} made them, by the projection's own rules ({@link UserChanges});
     * empty when the account did not exist yet then, or never did. The events are taken in log order and the first
     * one after {@code at} ends the fold, so the answer is always a state the account really had.
     */
    public Optional<User> asOf(UUID userId, Instant at) {
        User user = null;
        for (HistoricEvent event : of(userId)) {
            if (event.time().isAfter(at)) {
                break;
            }
            user = UserChanges.apply(user, event.payload(), event.time());
        }
        return Optional.ofNullable(user);
    }

    /** The newest position of the log, 0 when it is empty. */
    public long head() {
        Long head = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).optional().orElse(null);
        return head == null ? 0 : head;
    }

    /** How many public events {@link #forEach} gives for the same arguments. */
    public long count(long after, long upTo, UUID userId) {
        return select("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type IN (:types)", after, upTo, userId, "")
                .query(Long.class).single();
    }

    /**
     * Every public event after position {@code after} up to {@code upTo}, of one user or ({@code userId} null) of
     * all, in log order, read a page at a time.
     */
    public void forEach(long after, long upTo, UUID userId, Consumer<HistoricEvent> action) {
        long from = after;
        while (true) {
            List<HistoricEvent> page = select(PUBLIC_EVENTS_OF_THE_LOG, from, upTo, userId,
                    " ORDER BY global_index LIMIT " + PAGE_SIZE).query(EventHistory::event).list();
            page.forEach(action);
            if (page.size() < PAGE_SIZE) {
                return;
            }
            from = page.get(page.size() - 1).position();
        }
    }

    /**
     * Up to {@code limit} public events after {@code after}, for subscribers: only as far as the log is safe to
     * read. Positions are taken when a row is inserted but rows commit in any order, so a missing position may
     * still appear: reading stops before the first gap unless the row after it was written more than
     * {@code gapTimeout} before {@code now}, in which case the missing position belongs to a transaction that
     * rolled back and is passed over. Internal events count as positions (they fill no gap) but are never read.
     */
    public FeedPage feed(long after, int limit, Duration gapTimeout, Instant now) {
        long safe = after;
        int publicEvents = 0;
        scan:
        while (publicEvents < limit) {
            List<Position> positions = jdbc.sql("SELECT global_index, time_stamp, payload_type FROM domain_event_entry "
                            + "WHERE global_index > :after ORDER BY global_index LIMIT " + PAGE_SIZE)
                    .param("after", safe)
                    .query((row, number) -> new Position(row.getLong("global_index"),
                            StoredTimes.parse(row.getString("time_stamp")),
                            PUBLIC_EVENTS.containsKey(row.getString("payload_type")))).list();
            for (Position position : positions) {
                if (position.index() != safe + 1 && position.time().plus(gapTimeout).isAfter(now)) {
                    break scan;
                }
                safe = position.index();
                if (position.isPublic() && ++publicEvents == limit) {
                    break scan;
                }
            }
            if (positions.size() < PAGE_SIZE) {
                break;
            }
        }
        if (safe == after) {
            return new FeedPage(List.of(), after);
        }
        List<HistoricEvent> events = select(PUBLIC_EVENTS_OF_THE_LOG, after, safe, null,
                " ORDER BY global_index LIMIT " + limit).query(EventHistory::event).list();
        return new FeedPage(events, events.size() == limit ? events.get(events.size() - 1).position() : safe);
    }

    /** A row of the log as the feed's gap check sees it: no payload read. */
    private record Position(long index, Instant time, boolean isPublic) {
    }

    private JdbcClient.StatementSpec select(String query, long after, long upTo, UUID userId, String rest) {
        JdbcClient.StatementSpec statement = jdbc.sql(query + " AND global_index > :after AND global_index <= :upTo"
                        + (userId != null ? " AND aggregate_identifier = :user" : "") + rest)
                .param("types", PUBLIC_EVENTS.keySet()).param("after", after).param("upTo", upTo);
        return userId != null ? statement.param("user", userId.toString()) : statement;
    }

    private static HistoricEvent event(ResultSet row, int rowNumber) throws SQLException {
        Class<? extends UserEvent> type = PUBLIC_EVENTS.get(row.getString("payload_type"));
        return new HistoricEvent(row.getLong("global_index"), row.getString("event_identifier"), type.getSimpleName(),
                row.getString("payload_revision"), StoredTimes.parse(row.getString("time_stamp")),
                auditMetadata(row.getBytes("meta_data")), JSON.readValue(row.getBytes("payload"), type));
    }

    /** The audit keys of an event's metadata that hold text; nothing else of it. */
    static Map<String, String> auditMetadata(byte[] stored) {
        Map<String, String> audit = new LinkedHashMap<>();
        if (stored == null) {
            return audit;
        }
        JsonNode metadata = JSON.readTree(stored);
        for (String key : METADATA_KEYS) {
            JsonNode value = metadata.get(key);
            if (value != null && value.isString()) {
                audit.put(key, value.asString());
            }
        }
        return audit;
    }
}
