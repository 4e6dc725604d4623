package dev.accounts.command.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ES256 keys that sign access tokens, kept in the command side's {@code signing_key} table, shared by
 * every command-side process. The first token ever issued generates the first key. The newest key signs;
 * an older key keeps verifying (and stays in the JWKS) until every token it signed has expired.
 *
 * <p>A key's private part is read and written here and handed to the signer only: never logged (a Nimbus
 * {@code JWK}'s {@code toString()} includes it, so no key is ever passed to a logger), never in a response.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    /** Tokens may be used a little after their expiry by a verifier whose clock is behind. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private record StoredKey(ECKey key, Instant createdAt) {
    }

    private record Loaded(List<StoredKey> keys, Instant at) {
    }

    private final JdbcClient jdbc;
    private final AuthProperties properties;
    private volatile Loaded loaded;

    SigningKeys(JdbcClient jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The key that signs new tokens: the newest, after a rotation when it is older than the configured age. */
    ECKey signingKey() {
        Loaded current = current();
        StoredKey newest = current.keys().get(current.keys().size() - 1);
        Duration maxAge = properties.signingKeyMaxAge();
        if (!maxAge.isZero() && newest.createdAt().plus(maxAge).isBefore(Instant.now())) {
            rotateIfNewestOlderThan(Instant.now().minus(maxAge));
            current = reload();
            newest = current.keys().get(current.keys().size() - 1);
        }
        return newest.key();
    }

    /** The public parts of every key that may have signed a token still valid: what the JWKS serves. */
    public List<JWK> publicKeys() {
        return verifying(current()).stream().map(key -> (JWK) key.toPublicJWK()).toList();
    }

    /** The public keys after a fresh read, for a token signed by a key this process has not seen yet. */
    List<JWK> publicKeysReloaded() {
        Loaded current = loaded;
        if (current == null || current.at().plusSeconds(1).isBefore(Instant.now())) {
            reload();
        }
        return publicKeys();
    }

    /**
     * Generates a new signing key now; the previous ones keep verifying until their tokens expire.
     *
     * @return the new key's id
     */
    public String rotate() {
        String kid = insertNewKey();
        reload();
        log.info("New signing key {}; the previous ones verify until their tokens expire", kid);
        return kid;
    }

    private List<ECKey> verifying(Loaded current) {
        List<StoredKey> keys = current.keys();
        Instant retiredBefore = Instant.now().minus(properties.accessTokenTtl()).minus(CLOCK_SKEW);
        List<ECKey> verifying = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            boolean newest = i == keys.size() - 1;
            // a key stopped signing when its successor was created
            if (newest || keys.get(i + 1).createdAt().isAfter(retiredBefore)) {
                verifying.add(keys.get(i).key());
            }
        }
        return verifying;
    }

    private Loaded current() {
        Loaded current = loaded;
        if (current == null || current.at().plus(properties.keyReload()).isBefore(Instant.now())) {
            current = reload();
        }
        return current;
    }

    private synchronized Loaded reload() {
        List<StoredKey> keys = read();
        if (keys.isEmpty()) {
            // first start: any process may get here; two keys made at once are harmless, the newer signs
            String kid = insertNewKey();
            log.info("Generated the first signing key {}", kid);
            keys = read();
        }
        Loaded fresh = new Loaded(List.copyOf(keys), Instant.now());
        loaded = fresh;
        return fresh;
    }

    private List<StoredKey> read() {
        return jdbc.sql("SELECT jwk, created_at FROM signing_key ORDER BY created_at, kid")
                .query((rs, row) -> new StoredKey(parse(rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
    }

    private void rotateIfNewestOlderThan(Instant limit) {
        synchronized (this) {
            Instant newest = jdbc.sql("SELECT MAX(created_at) FROM signing_key").query(OffsetDateTime.class)
                    .optional().map(OffsetDateTime::toInstant).orElse(Instant.EPOCH);
            if (newest.isBefore(limit)) {
                String kid = insertNewKey();
                log.info("Signing key older than {}: rotated to {}", properties.signingKeyMaxAge(), kid);
            }
        }
    }

    private String insertNewKey() {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an ES256 key", e);
        }
        jdbc.sql("INSERT INTO signing_key (kid, jwk, created_at) VALUES (?, ?, ?)")
                .params(key.getKeyID(), key.toJSONString(), OffsetDateTime.now(ZoneOffset.UTC)).update();
        return key.getKeyID();
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            // the message could quote the key: say only which kind of failure it was
            throw new IllegalStateException("A stored signing key is not a valid EC JWK");
        }
    }
}
