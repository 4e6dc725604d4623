package dev.accounts.command.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.accounts.command.user.AccountSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Issues access tokens: ES256 JWTs of type {@code at+jwt} (RFC 9068) carrying {@code sub} (the user id),
 * {@code email}, {@code username} and {@code roles} ({@code user}, plus {@code staff} and {@code superuser}
 * as they apply), signed by Spring Security's Nimbus encoder with the newest signing key.
 */
@Component
public class AccessTokens {

    /** The JOSE {@code typ} of an access token; verifiers accept nothing else. */
    public static final String TYPE = "at+jwt";
    /** The claim that lists the account's roles. */
    public static final String ROLES = "roles";

    private final AuthProperties properties;
    private final NimbusJwtEncoder encoder;

    AccessTokens(SigningKeys keys, AuthProperties properties) {
        this.properties = properties;
        JWKSource<SecurityContext> signing = (selector, context) -> selector.select(new JWKSet(keys.signingKey()));
        this.encoder = new NimbusJwtEncoder(signing);
    }

    /** A signed access token for the account as it is now. */
    public String issue(AccountSnapshot account) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(account.id().toString())
                .audience(List.of(properties.issuer()))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(properties.accessTokenTtl()))
                .id(UUID.randomUUID().toString())
                .claim("email", account.email())
                .claim("username", account.username())
                .claim(ROLES, roles(account))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).type(TYPE).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
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
