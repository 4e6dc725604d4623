package dev.accounts.query.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens it has verified, for as long as each stays valid: a client
 * sends the same access token with every request for up to 15 minutes, and checking its ES256 signature again
 * each time costs more than the read it guards. The key is the whole token, signature included, so only the
 * exact text that was verified is ever accepted from memory; a remembered token past its expiry (plus the
 * skew the validators allow) is verified afresh, which refuses it. Only successes are remembered.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Duration skew;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(JwtDecoder verifier, Duration skew, Clock clock, long capacity) {
        this.verifier = verifier;
        this.skew = skew;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        Instant now = clock.instant();
        if (known != null && stillValid(known, now)) {
            return known;
        }
        if (known != null) {
            verified.invalidate(token);
        }
        Jwt jwt = verifier.decode(token);
        if (!stillValid(jwt, now)) {
            throw new BadJwtException("The token has expired");
        }
        verified.put(token, jwt);
        return jwt;
    }

    private boolean stillValid(Jwt jwt, Instant now) {
        Instant expires = jwt.getExpiresAt();
        Instant notBefore = jwt.getNotBefore();
        return expires != null && now.isBefore(expires.plus(skew))
                && (notBefore == null || !now.isBefore(notBefore.minus(skew)));
    }
}
