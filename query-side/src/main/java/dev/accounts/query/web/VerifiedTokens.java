package dev.accounts.query.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
 * skew the validators allow) is verified afresh, which refuses it, and leaves memory then in any case. Only
 * successes are remembered.
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
        // an entry leaves memory when its token expires (not only when the cache is full), as it can serve no more
        this.verified = Caffeine.newBuilder().maximumSize(capacity)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> untilUnusable(jwt)))
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .build();
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

    /** How many verified tokens are in memory now. */
    long remembered() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private Duration untilUnusable(Jwt jwt) {
        Duration left = Duration.between(clock.instant(), jwt.getExpiresAt().plus(skew));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private boolean stillValid(Jwt jwt, Instant now) {
        Instant expires = jwt.getExpiresAt();
        Instant notBefore = jwt.getNotBefore();
        return expires != null && now.isBefore(expires.plus(skew))
                && (notBefore == null || !now.isBefore(notBefore.minus(skew)));
    }
}
