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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
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
 * Keeps the {@code users} table: one row per account, written with plain SQL in the processor's
 * transaction, which also stores its token, so rows and progress commit together. The statements of a
 * processor batch run together when it commits ({@link BatchedWrites}, which also says what happens when one
 * fails).
 *
 * <p>Every handler is idempotent: a redelivered event (after a crash, a retry or a replay over existing
 * rows) changes nothing. An account is inserted only while its id is absent, and a later change will
 * update a row only when the event's global position is newer than the row's {@code last_event_position}.
 * Events that change nothing the table shows ({@code LoginFailed}, {@code AccountLocked}, {@code PasswordChanged},
 * the command side's internal {@code PasswordSet}) reach no handler.
 *
 * <p>An event's global position is read from the log by its identifier, inside the statement that writes it.
 * The tracking token delivered with it does not tell: an event whose transaction committed after later
 * positions had been read fills a gap in the token, whose position stays the highest one seen.
 */
@Component
@ProcessingGroup(UserProjection.PROCESSING_GROUP)
public class UserProjection {

    /** The processing group, and so the tracking processor and its tokens, of this projection. */
    public static final String PROCESSING_GROUP = "users";

    private final String insertIfAbsent;
    private final String positionInTheLog;
    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    public UserProjection(JdbcTemplate jdbc, EventSchema log, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc, transactions);
        String positionInTheLog = "(SELECT " + log.globalIndexColumn() + " FROM " + log.domainEventTable()
                + " WHERE " + log.eventIdentifierColumn() + " = ?)";
        this.positionInTheLog = positionInTheLog;
        this.insertIfAbsent = """
                INSERT INTO users (id, email, email_domain, username, first_name, last_name,
                                   is_active, is_staff, is_superuser, date_joined, last_event_position)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %s
                WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = ?)
                """.formatted(positionInTheLog);
    }

    @EventHandler
    void on(UserRegistered event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        insertIfAbsent(new NewAccount(event.userId(), event.email(), event.username(), event.firstName(),
                event.lastName(), false), occurred, eventId);
    }

    @EventHandler
    void on(SuperuserCreated event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        insertIfAbsent(new NewAccount(event.userId(), event.email(), event.username(), event.firstName(),
                event.lastName(), true), occurred, eventId);
    }

    @EventHandler
    void on(UserLoggedIn event, @Timestamp Instant occurred, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "last_login = ?", occurred.atOffset(ZoneOffset.UTC));
    }

    @EventHandler
    void on(ProfileChanged event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "first_name = ?, last_name = ?",
                event.firstName() == null ? "" : event.firstName(), event.lastName() == null ? "" : event.lastName());
    }

    @EventHandler
    void on(EmailChanged event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "email = ?, email_domain = ?", event.email(), emailDomain(event.email()));
    }

    @EventHandler
    void on(UsernameChanged event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "username = ?", event.username());
    }

    @EventHandler
    void on(UserDeactivated event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_active = ?", false);
    }

    @EventHandler
    void on(UserActivated event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_active = ?", true);
    }

    @EventHandler
    void on(StaffGranted event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_staff = ?", true);
    }

    @EventHandler
    void on(StaffRevoked event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_staff = ?", false);
    }

    @EventHandler
    void on(SuperuserGranted event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_superuser = ?", true);
    }

    @EventHandler
    void on(SuperuserRevoked event, @MessageIdentifier String eventId) {
        update(event.userId(), eventId, "is_superuser = ?", false);
    }

    /**
     * Sets columns of an account's row to what one event says, only when the event is newer than what the row
     * already reflects: a redelivered or replayed-over event changes nothing.
     */
    private void update(UUID userId, String eventId, String assignments, Object... values) {
        Object[] args = new Object[values.length + 3];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = eventId;
        args[values.length + 1] = userId;
        args[values.length + 2] = eventId;
        writes.write(eventId, "UPDATE users SET " + assignments + ", last_event_position = " + positionInTheLog
                + " WHERE id = ? AND last_event_position < " + positionInTheLog, args);
    }

    /** A replay starts from an empty table; this runs in the transaction that resets the tokens. */
    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM users");
    }

    /** What a creation event says; every new account is active, and staff only as a superuser. */
    private record NewAccount(UUID id, String email, String username, String firstName, String lastName,
                              boolean superuser) {
    }

    private void insertIfAbsent(NewAccount account, Instant occurred, String eventId) {
        writes.write(eventId, insertIfAbsent, account.id(), account.email(), emailDomain(account.email()),
                account.username(), account.firstName() == null ? "" : account.firstName(),
                account.lastName() == null ? "" : account.lastName(), true, account.superuser(),
                account.superuser(), occurred.atOffset(ZoneOffset.UTC), eventId, account.id());
    }

    /** The lowercased part after the last {@code @}, as the read model's derived {@code email_domain}. */
    static String emailDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
