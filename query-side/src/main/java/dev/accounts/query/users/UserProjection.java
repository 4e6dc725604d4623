package dev.accounts.query.users;

import dev.accounts.events.EmailChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.StaffRevoked;
import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.SuperuserGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.events.UserActivated;
import dev.accounts.events.UserDeactivated;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.events.UsernameChanged;
import dev.accounts.query.log.RecentPositions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Keeps the {@code users} table: one row per account, as {@link UserChanges} says each event makes it, written
 * with plain SQL in the processor's transaction, which also stores its token, so rows and progress commit
 * together. The statements of a processor batch run together when it commits ({@link BatchedWrites}, which also
 * says what happens when one fails).
 *
 * <p>Every handler is idempotent: a redelivered event (after a crash, a retry or a replay over existing
 * rows) changes nothing. An account is inserted only while its id is absent, and a later change will
 * update a row only when the event's global position is newer than the row's {@code last_event_position}.
 * Events that change nothing the table shows ({@code LoginFailed}, {@code AccountLocked}, {@code PasswordChanged},
 * the command side's internal {@code PasswordSet}) reach no handler.
 *
 * <p>An event's global position is what the storage engine read with it ({@link RecentPositions}), or else read
 * from the log by its identifier, inside the statement that writes it. The tracking token delivered with it does
 * not tell: an event whose transaction committed after later positions had been read fills a gap in the token,
 * whose position stays the highest one seen.
 */
@Component
@ProcessingGroup(UserProjection.PROCESSING_GROUP)
public class UserProjection {

    /** The processing group, and so the tracking processor and its tokens, of this projection. */
    public static final String PROCESSING_GROUP = "users";
    /** The table this projection keeps. */
    public static final String TABLE = "users";

    /** Inserts an account unless its id is there, with the event's position given, or looked up in the log. */
    private final String insertGivenPosition;
    private final String insertLookingUpPosition;
    /** Whether the inserts ask for the account's id again at their end (their H2 form). */
    private final boolean insertNamesIdTwice;
    /** The event's global position, read from the log by its identifier. */
    private final String positionInTheLog;
    private final RecentPositions positions;
    private final BatchedWrites writes;
    private final DeferredIndexes indexes;

    public UserProjection(JdbcTemplate jdbc, EventSchema log, PlatformTransactionManager transactions,
                          DeferredIndexes indexes, RecentPositions positions) {
        this.writes = new BatchedWrites(jdbc, transactions);
        this.indexes = indexes;
        this.positions = positions;
        this.positionInTheLog = "(SELECT " + log.globalIndexColumn() + " FROM " + log.domainEventTable()
                + " WHERE " + log.eventIdentifierColumn() + " = ?)";
        this.insertNamesIdTwice = !DeferredIndexes.isPostgres(jdbc.getDataSource());
        this.insertGivenPosition = insert("?");
        this.insertLookingUpPosition = insert(positionInTheLog);
    }

    private String insert(String position) {
        String columns = """
                INSERT INTO users (id, email, email_domain, username, first_name, last_name,
                                   is_active, is_staff, is_superuser, date_joined, last_event_position)
                """;
        // PostgreSQL: a plain INSERT ... VALUES, which its driver sends a batch of as multi-row statements
        // (reWriteBatchedInserts); H2 has no ON CONFLICT outside its PostgreSQL mode
        return insertNamesIdTwice
                ? columns + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + position
                        + " WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = ?)"
                : columns + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + position + ") ON CONFLICT (id) DO NOTHING";
    }

    /**
     * Where an event stands in the log, as a statement fragment and its value: the position itself when this
     * process read the event lately ({@link RecentPositions}), otherwise a lookup of its identifier.
     */
    private Position positionOf(String eventId) {
        OptionalLong known = positions.of(eventId);
        return known.isPresent() ? new Position("?", known.getAsLong()) : new Position(positionInTheLog, eventId);
    }

    private record Position(String sql, Object value) {
    }

    @EventHandler
    void on(UserRegistered event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        insertIfAbsent(UserChanges.opened(event, occurred), eventId);
    }

    @EventHandler
    void on(SuperuserCreated event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        insertIfAbsent(UserChanges.opened(event, occurred), eventId);
    }

    @EventHandler
    void on(UserLoggedIn event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(ProfileChanged event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(EmailChanged event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(UsernameChanged event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(UserDeactivated event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(UserActivated event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(StaffGranted event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(StaffRevoked event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(SuperuserGranted event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    @EventHandler
    void on(SuperuserRevoked event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(UserChanges.update(event, occurred), eventId);
    }

    /**
     * Sets the columns of an account's row that one event changes, only when the event is newer than what the row
     * already reflects: a redelivered or replayed-over event changes nothing. The statement of an event type is
     * always the same text, so a batch's statements of one type run as one JDBC batch.
     */
    private void update(UserChanges.Update update, String eventId) {
        List<String> assignments = new ArrayList<>(2);
        List<Object> args = new ArrayList<>(5);
        update.values().forEach((field, value) -> {
            switch (field) {
                case EMAIL -> {
                    assignments.add("email = ?, email_domain = ?");
                    args.add(value);
                    args.add(emailDomain((String) value));
                }
                case USERNAME -> set(assignments, args, "username", value);
                case FIRST_NAME -> set(assignments, args, "first_name", value);
                case LAST_NAME -> set(assignments, args, "last_name", value);
                case ACTIVE -> set(assignments, args, "is_active", value);
                case STAFF -> set(assignments, args, "is_staff", value);
                case SUPERUSER -> set(assignments, args, "is_superuser", value);
                case LAST_LOGIN -> set(assignments, args, "last_login", ((Instant) value).atOffset(ZoneOffset.UTC));
            }
        });
        if (assignments.isEmpty()) {
            return;
        }
        Position position = positionOf(eventId);
        args.add(position.value());
        args.add(update.userId());
        args.add(position.value());
        writes.write(eventId, "UPDATE users SET " + String.join(", ", assignments) + ", last_event_position = "
                + position.sql() + " WHERE id = ? AND last_event_position < " + position.sql(), args.toArray());
    }

    private static void set(List<String> assignments, List<Object> args, String column, Object value) {
        assignments.add(column + " = ?");
        args.add(value);
    }

    /**
     * A replay starts from an empty table, without the indexes that only reads need ({@link DeferredIndexes}: they
     * are built again once it has caught up); this runs in the transaction that resets the tokens.
     */
    @ResetHandler
    void reset() {
        indexes.setAside(TABLE);
        indexes.empty(TABLE);
    }

    private void insertIfAbsent(User account, String eventId) {
        Position position = positionOf(eventId);
        Object[] values = {account.id(), account.email(), emailDomain(account.email()), account.username(),
                account.firstName(), account.lastName(), account.active(), account.staff(), account.superuser(),
                account.dateJoined().atOffset(ZoneOffset.UTC), position.value(), account.id()};
        writes.write(eventId, position.value() instanceof Long ? insertGivenPosition : insertLookingUpPosition,
                insertNamesIdTwice ? values : Arrays.copyOf(values, values.length - 1));
    }

    /** The lowercased part after the last {@code @}, as the read model's derived {@code email_domain}. */
    static String emailDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
