package dev.accounts.command.idempotency;

import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Requests already handled, by their Idempotency-Key. */
@Component
public class IdempotencyKeys {

    /** A handled request: what it asked for (fingerprint), the account it made, and where its events end. */
    public record HandledRequest(String fingerprint, UUID userId, Long eventPosition) {
    }

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<HandledRequest> find(String key) {
        return jdbc.sql("SELECT request_fingerprint, user_id, event_position FROM idempotency_key WHERE idempotency_key = ?")
                .param(key)
                .query((rs, row) -> new HandledRequest(rs.getString(1), UUID.fromString(rs.getString(2)),
                        rs.getObject(3, Long.class)))
                .optional();
    }

    /**
     * Records a request inside the command's transaction, before its handler runs.
     *
     * @throws RequestAlreadyHandled when the key is taken, by a committed or a concurrent request
     */
    void record(String key, String fingerprint, UUID userId) {
        try {
            jdbc.sql("INSERT INTO idempotency_key (idempotency_key, request_fingerprint, user_id) VALUES (?, ?, ?)")
                    .params(key, fingerprint, userId.toString()).update();
        } catch (DuplicateKeyException duplicate) {
            throw new RequestAlreadyHandled(key);
        }
    }

    void notePosition(String key, long position) {
        jdbc.sql("UPDATE idempotency_key SET event_position = ? WHERE idempotency_key = ?")
                .params(position, key).update();
    }
}
