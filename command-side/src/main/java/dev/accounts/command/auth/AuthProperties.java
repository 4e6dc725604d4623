package dev.accounts.command.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings, bound from {@code accounts.auth.*}.
 *
 * @param issuer the {@code iss} of every access token, checked by every verifier (default {@code accounts})
 * @param accessTokenTtl how long an access token is valid (default 15 minutes)
 * @param refreshTokenTtl how long a refresh token is valid; each rotation starts a new period (default 7 days)
 * @param signingKeyMaxAge a signing key older than this is replaced by a new one at the next token issued;
 *     0 never rotates by age (default 30 days). Old keys keep verifying until their tokens have expired.
 * @param serviceTokenTtl how long a service token ({@code POST /api/auth/service-token}) is valid (default 1 hour)
 * @param keyReload how often a process re-reads the keys, to see another process's rotation (default 1 minute)
 */
@ConfigurationProperties("accounts.auth")
public record AuthProperties(
        @DefaultValue("accounts") String issuer,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("7d") Duration refreshTokenTtl,
        @DefaultValue("30d") Duration signingKeyMaxAge,
        @DefaultValue("1m") Duration keyReload,
        @DefaultValue("1h") Duration serviceTokenTtl) {

    public AuthProperties {
        requirePositive("access-token-ttl", accessTokenTtl);
        requirePositive("refresh-token-ttl", refreshTokenTtl);
        requirePositive("key-reload", keyReload);
        requirePositive("service-token-ttl", serviceTokenTtl);
        if (signingKeyMaxAge == null || signingKeyMaxAge.isNegative()) {
            throw new IllegalArgumentException("accounts.auth.signing-key-max-age must be 0 or a positive duration");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("accounts.auth." + name + " must be a positive duration");
        }
    }
}
