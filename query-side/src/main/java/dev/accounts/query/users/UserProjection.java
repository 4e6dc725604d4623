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
import org.axonframework.eventhandling.TrackingToken;
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
    private final TransactionTemplate savepoint;

    public UserProjection(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @EventHandler
    void on(UserRegistered event, @Timestamp Instant occurred, TrackingToken token) {
        insertIfAbsent(new NewAccount(event.userId(), event.email(), event.username(), event.firstName(),
                event.lastName(), false), occurred, token);
    }

    @EventHandler
    void on(SuperuserCreated event, @Timestamp Instant occurred, TrackingToken token) {
        insertIfAbsent(new NewAccount(event.userId(), event.email(), event.username(), event.firstName(),
                event.lastName(), true), occurred, token);
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

    private void insertIfAbsent(NewAccount account, Instant occurred, TrackingToken token) {
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
                .param("position", positionOf(token))
                .update());
    }

    /** The lowercased part after the last {@code @}, as the read model's derived {@code email_domain}. */
    static String emailDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("The event's token has no position: " + token));
    }
}
