package dev.accounts.command.user;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Set-based uniqueness of emails and usernames. A claim is a row under a unique key, written in the
 * same transaction as the account's first events, so the claim and the append commit together or not
 * at all, across threads and processes alike.
 */
@Component
public class AccountClaims {

    static final String EMAIL = "email";
    static final String USERNAME = "username";

    private final JdbcClient jdbc;

    public AccountClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims a normalised email and username for an account, inside the caller's transaction.
     *
     * @throws AlreadyTaken when another account holds either; the caller's transaction must roll back
     */
    public void claim(UUID userId, String email, String username) {
        insert(EMAIL, EmailAddress.uniquenessKey(email), userId);
        insert(USERNAME, Username.uniquenessKey(username), userId);
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
            jdbc.sql("INSERT INTO account_claim (kind, claim_key, user_id) VALUES (?, ?, ?)")
                    .params(kind, key, userId.toString()).update();
        } catch (DuplicateKeyException taken) {
            throw new AlreadyTaken(List.of(kind));
        }
    }
}
