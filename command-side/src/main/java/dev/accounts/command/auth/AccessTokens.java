package dev.accounts.command.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.accounts.command.user.AccountSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Issues access tokens: ES256 JWTs of type {@code at+jwt} (RFC 9068) carrying {@code sub} (the user id),
 * {@code email}, {@code username} and {@code roles} ({@code user}, plus {@code staff} and {@code superuser}
 * as they apply), signed by Nimbus with the newest signing key, its id in {@code kid}.
 *
 * <p>The ECDSA signature is computed by {@link Es256Signer}, Bouncy Castle without a JCA provider: 0.085 ms
 * against 0.26 through Bouncy Castle's provider and 0.53 through the JDK 17 one, and signing was a third of a
 * login's CPU. (Spring Security's {@code NimbusJwtEncoder} builds its own signers on the default provider, so
 * Nimbus is used directly here.) The tokens are the same either way; verifiers need no change.
 */
@Component
public class AccessTokens {

    /** The JOSE {@code typ} of an access token; verifiers accept nothing else. */
    public static final String TYPE = "at+jwt";
    /** The claim that lists the account's roles. */
    public static final String ROLES = "roles";
    /** The claim that lists a service token's scopes, space-separated (RFC 8693, RFC 9068). */
    public static final String SCOPE = "scope";
    /** The scope that reads the query side's event feed. */
    public static final String EVENTS_READ = "events:read";
    /** A service token's subject: this, then the service's name; never an account id. */
    public static final String SERVICE_SUBJECT_PREFIX = "service:";

    private final SigningKeys keys;
    private final AuthProperties properties;
    /** One signer per signing key (a handful over the service's life, as keys rotate). */
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

    AccessTokens(SigningKeys keys, AuthProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /** A signed access token for the account as it is now. */
    public String issue(AccountSnapshot account) {
        return sign(claims(account.id().toString(), properties.accessTokenTtl())
                .claim("email", account.email())
                .claim("username", account.username())
                .claim(ROLES, roles(account))
                .build());
    }

    /**
     * A service token: subject {@code service:<name>}, the space-separated {@code scope} (the event feed's
     * {@value #EVENTS_READ}), no roles, so it reads the feed and nothing of any account; valid for
     * {@code accounts.auth.service-token-ttl}.
     */
    public String issueService(String name, String scope) {
        return sign(claims(SERVICE_SUBJECT_PREFIX + name, properties.serviceTokenTtl()).claim(SCOPE, scope).build());
    }

    /** How long a new service token is valid. */
    public Duration serviceLifetime() {
        return properties.serviceTokenTtl();
    }

    private JWTClaimsSet.Builder claims(String subject, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(subject)
                .audience(List.of(properties.issuer()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
        ECKey key = keys.signingKey();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(TYPE))
                .keyID(key.getKeyID()).build();
        SignedJWT token = new SignedJWT(header, claims);
        try {
            token.sign(signers.computeIfAbsent(key.getKeyID(), id -> signer(key)));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return token.serialize();
    }

    private static JWSSigner signer(ECKey key) {
        try {
            return new Es256Signer(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("The signing key cannot sign ES256", e);
        }
    }

    /** How long a new access token is valid. */
    public Duration lifetime() {
        return properties.accessTokenTtl();
    }

    static List<String> roles(AccountSnapshot account) {
        List<String> roles = new ArrayList<>(List.of("user"));
        if (account.staff()) {
            roles.add("staff");
        }
        if (account.superuser()) {
            roles.add("superuser");
        }
        return roles;
    }
}
