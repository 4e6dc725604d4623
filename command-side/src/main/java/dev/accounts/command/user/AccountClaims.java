package dev.accounts.command.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Set-based uniqueness of emails and usernames. A claim is a row under a unique key, written in the
 * same transaction as the account's first events, so the claim and the append commit together or not
 * at all, across threads and processes alike.
 *
 * <p>On PostgreSQL a new account's two claims take one statement, so one round trip of its transaction.
 */
@Component
public class AccountClaims {

    static final String EMAIL = "email";
    static final String USERNAME = "username";

    private static final String INSERT = "INSERT INTO account_claim (kind, claim_key, user_id) VALUES (?, ?, ?)";
    /** Both claims in one round trip; the rows it returns are the claims it made, so a refusal names its fields. */
    private static final String INSERT_BOTH_POSTGRES = "INSERT INTO account_claim (kind, claim_key, user_id) "
            + "VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT DO NOTHING RETURNING kind";

    private final JdbcClient jdbc;
    private final boolean postgres;

    public AccountClaims(JdbcTemplate jdbc) {
        this.jdbc = JdbcClient.create(jdbc);
        this.postgres = "PostgreSQL".equals(jdbc.execute(
                (ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName()));
    }

    /**
     * Claims a normalised email and username for an account, inside the caller's transaction.
     *
     * @throws AlreadyTaken when another account holds either; the caller's transaction must roll back
     */
    public void claim(UUID userId, String email, String username) {
        String emailKey = EmailAddress.uniquenessKey(email);
        String usernameKey = Username.uniquenessKey(username);
        if (!postgres) {
            insert(EMAIL, emailKey, userId);
            insert(USERNAME, usernameKey, userId);
            return;
        }
        // a claim held by an uncommitted transaction is waited for, as a plain insert waits, and then skipped if
        // that transaction committed
        String holder = userId.toString();
        List<String> claimed = jdbc.sql(INSERT_BOTH_POSTGRES).params(EMAIL, emailKey, holder, USERNAME, usernameKey, holder)
                .query(String.class).list();
        List<String> taken = new ArrayList<>(List.of(EMAIL, USERNAME));
        taken.removeAll(claimed);
        if (!taken.isEmpty()) {
            throw new AlreadyTaken(taken);
        }
    }

    /**
     * Moves an account's email claim to a new address inside the caller's transaction: the old one is
     * released and the new one claimed; nothing happens when both have the same uniqueness key.
     *
     * @throws AlreadyTaken when another account holds the new one
     */
    public void moveEmail(UUID userId, String from, String to) {
        move(EMAIL, EmailAddress.uniquenessKey(from), EmailAddress.uniquenessKey(to), userId);
    }

    /** As {@link #moveEmail}, for the username. */
    public void moveUsername(UUID userId, String from, String to) {
        move(USERNAME, Username.uniquenessKey(from), Username.uniquenessKey(to), userId);
    }

    /**
     * An account that holds an email, and the sequence number of its newest event in the JDBC event log, in the same
     * query: null when the log is elsewhere (Axon Server), so the caller knows whether a copy in memory is current.
     */
    public record EmailHolder(UUID userId, Long logVersion) {
    }

    /**
     * The account that holds a normalised email, matched as registration matches it (case-insensitively), with its
     * version in the log.
     */
    public Optional<EmailHolder> emailHolder(String email) {
        if (email.indexOf('\0') >= 0) {
            return Optional.empty(); // PostgreSQL's text cannot hold a null character, so no claim has one
        }
        return jdbc.sql("SELECT c.user_id, (SELECT MAX(e.sequence_number) FROM domain_event_entry e"
                        + " WHERE e.aggregate_identifier = c.user_id) FROM account_claim c WHERE c.kind = ? AND c.claim_key = ?")
                .params(EMAIL, EmailAddress.uniquenessKey(email))
                .query((row, n) -> new EmailHolder(UUID.fromString(row.getString(1)), row.getObject(2, Long.class)))
                .optional();
    }

    private void move(String kind, String fromKey, String toKey, UUID userId) {
        if (fromKey.equals(toKey)) {
            return;
        }
        insert(kind, toKey, userId);
        jdbc.sql("DELETE FROM account_claim WHERE kind = ? AND claim_key = ? AND user_id = ?")
                .params(kind, fromKey, userId.toString()).update();
    }

    /** The fields whose values are taken now, for a friendly early answer; the claim itself decides. */
    public List<String> taken(String email, String username) {
        List<String> taken = new ArrayList<>();
        if (email != null && isClaimed(EMAIL, EmailAddress.uniquenessKey(email))) {
            taken.add(EMAIL);
        }
        if (username != null && isClaimed(USERNAME, Username.uniquenessKey(username))) {
            taken.add(USERNAME);
        }
        return taken;
    }

    private boolean isClaimed(String kind, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM account_claim WHERE kind = ? AND claim_key = ?")
                .params(kind, key).query(Long.class).single() > 0;
    }

    private void insert(String kind, String key, UUID userId) {
        try {
            jdbc.sql(INSERT).params(kind, key, userId.toString()).update();
        } catch (DuplicateKeyException taken) {
            throw new AlreadyTaken(List.of(kind));
        }
    }
}
