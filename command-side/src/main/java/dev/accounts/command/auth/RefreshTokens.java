package dev.accounts.command.auth;

import dev.accounts.command.user.SessionOpening;
import dev.accounts.command.user.SessionRevocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opaque refresh tokens: 256 random bits, of which only a SHA-256 is stored (a fast digest is enough for
 * a secret that cannot be guessed). Each use spends the token and hands out the next one of its family;
 * using a spent token again means it was stolen or replayed, and revokes the whole family.
 */
@Component
public class RefreshTokens implements SessionRevocation, SessionOpening {

    /** The outcome of presenting a refresh token. */
    public record Rotation(UUID userId, UUID family, String next) {

        @Override
        public String toString() {
            return "Rotation[userId=" + userId + ", family=" + family + ", next=<redacted>]";
        }
    }

    private record Row(UUID family, UUID userId, Instant expiresAt, boolean spent, boolean revoked) {
    }

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuthProperties properties;

    RefreshTokens(JdbcClient jdbc, PlatformTransactionManager transactions, AuthProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
    }

    /** A refresh token not stored yet, and its digest, which {@link #open} stores. */
    public record NewToken(String token, String digest) {

        @Override
        public String toString() {
            return "NewToken[<redacted>]";
        }
    }

    /** A new random token; nothing is stored until a login's command {@linkplain #open opens} its session. */
    public NewToken newToken() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewToken(token, digest(token));
    }

    /** Inside the caller's transaction (a login's command): stores a token, first of a new family. */
    @Override
    public void open(UUID userId, String tokenDigest) {
        store(tokenDigest, UUID.randomUUID(), userId);
    }

    /**
     * Spends a token and returns the next one of its family.
     *
     * @throws InvalidRefreshToken when it is unknown, expired, revoked or already spent; a spent one revokes
     *     its family, and that revocation commits
     */
    public Rotation rotate(String token) {
        String hash = digest(token);
        Object outcome = transactions.execute(status -> {
            Optional<Row> found = jdbc.sql("SELECT family_id, user_id, expires_at, spent_at, revoked_at"
                            + " FROM refresh_token WHERE token_hash = ? FOR UPDATE")
                    .param(hash)
                    .query((rs, n) -> new Row(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4) != null,
                            rs.getObject(5) != null))
                    .optional();
            if (found.isEmpty()) {
                return null;
            }
            Row row = found.get();
            if (row.revoked() || !row.expiresAt().isAfter(Instant.now())) {
                return null;
            }
            if (row.spent()) {
                revokeFamily(row.family());
                return null;
            }
            jdbc.sql("UPDATE refresh_token SET spent_at = ? WHERE token_hash = ?").params(now(), hash).update();
            return new Rotation(row.userId(), row.family(), insert(row.family(), row.userId()));
        });
        if (outcome instanceof Rotation rotation) {
            return rotation;
        }
        throw new InvalidRefreshToken();
    }

    /** Revokes the family of a token, as logging out does; an unknown token changes nothing. */
    public void revoke(String token) {
        String hash = digest(token);
        transactions.executeWithoutResult(status -> jdbc.sql("SELECT family_id FROM refresh_token WHERE token_hash = ?")
                .param(hash).query(String.class).optional()
                .ifPresent(family -> revokeFamily(UUID.fromString(family))));
    }

    /** Revokes a whole family, as when the account turned out to be deactivated. */
    public void revokeFamily(UUID family) {
        jdbc.sql("UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(now(), family.toString()).update();
    }

    /** Inside the caller's transaction: a password change or a deactivation ends every session. */
    @Override
    public void revokeAll(UUID userId) {
        jdbc.sql("UPDATE refresh_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(now(), userId.toString()).update();
    }

    private String insert(UUID family, UUID userId) {
        NewToken next = newToken();
        store(next.digest(), family, userId);
        return next.token();
    }

    private void store(String tokenDigest, UUID family, UUID userId) {
        OffsetDateTime now = now();
        jdbc.sql("INSERT INTO refresh_token (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(tokenDigest, family.toString(), userId.toString(), now, now.plus(properties.refreshTokenTtl()))
                .update();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String digest(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
