package dev.accounts.query.users;

import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserRegistered;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the {@code users} table: one row per account, written with plain SQL in the processor's
 * transaction, which also stores its token, so rows and progress commit together.
 *
 * <p>Every handler is idempotent: a redelivered event (after a crash, a retry or a replay over existing
 * rows) changes nothing. An account is inserted only while its id is absent, and a later change will
 * update a row only when the event's global position is newer than the row's {@code last_event_position}.
 * Events this side does not know (the command side's internal {@code PasswordSet}) reach no handler.
 *
 * <p>An event's global position is read from the log by its identifier, in the same transaction. The
 * tracking token delivered with it does not tell: an event whose transaction committed after later
 * positions had been read fills a gap in the token, whose position stays the highest one seen.
 *
 * <p>Each event's writes run in a savepoint of the processor's transaction. When one fails (a value the
 * table rejects, say), only they are undone: PostgreSQL would otherwise refuse every later statement of
 * the transaction, and the processor could neither dead-letter the event nor apply the ones after it.
 */
@Component
@ProcessingGroup(UserProjection.PROCESSING_GROUP)
public class UserProjection {

    /** The processing group, and so the tracking processor and its tokens, of this projection. */
    public static final String PROCESSING_GROUP = "users";

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO users (id, email, email_domain, username, first_name, last_name,
                               is_active, is_staff, is_superuser, date_joined, last_event_position)
            SELECT :id, :email, :email_domain, :username, :first_name, :last_name,
                   :is_active, :is_staff, :is_superuser, :date_joined, :position
            WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = :id)
            """;

    private final JdbcClient jdbc;
    private final String positionInTheLog;
    private final TransactionTemplate savepoint;

    public UserProjection(JdbcClient jdbc, EventSchema log, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.positionInTheLog = "SELECT " + log.globalIndexColumn() + " FROM " + log.domainEventTable()
                + " WHERE " + log.eventIdentifierColumn() + " = ?";
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
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

    /** A replay starts from an empty table; this runs in the transaction that resets the tokens. */
    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM users").update();
    }

    /** What a creation event says; every new account is active, and staff only as a superuser. */
    private record NewAccount(UUID id, String email, String username, String firstName, String lastName,
                              boolean superuser) {
    }

    private void insertIfAbsent(NewAccount account, Instant occurred, String eventId) {
        savepoint.executeWithoutResult(status -> jdbc.sql(INSERT_IF_ABSENT)
                .param("id", account.id())
                .param("email", account.email())
                .param("email_domain", emailDomain(account.email()))
                .param("username", account.username())
                .param("first_name", account.firstName() == null ? "" : account.firstName())
                .param("last_name", account.lastName() == null ? "" : account.lastName())
                .param("is_active", true)
                .param("is_staff", account.superuser())
                .param("is_superuser", account.superuser())
                .param("date_joined", occurred.atOffset(ZoneOffset.UTC))
                .param("position", positionOf(eventId))
                .update());
    }

    /** The lowercased part after the last {@code @}, as the read model's derived {@code email_domain}. */
    static String emailDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private long positionOf(String eventId) {
        return jdbc.sql(positionInTheLog).param(eventId).query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("Event " + eventId + " is not in the event log"));
    }
}
