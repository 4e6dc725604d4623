package dev.accounts.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Remembered verifications: what is served from memory, and what is verified again. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final List<String> verifications = new ArrayList<>();
    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** The real verifier's stand-in: "good-*" tokens expire at NOW + 15 min, anything else is refused. */
    private final JwtDecoder verifier = token -> {
        verifications.add(token);
        if (!token.startsWith("good-")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "ES256").subject("user").issuedAt(NOW)
                .expiresAt(NOW.plus(Duration.ofMinutes(15))).build();
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, SKEW, clock, 100);

    @Test
    void aTokenLeavesMemoryWhenItExpiresNotOnlyWhenTheCacheIsFull() {
        tokens.decode("good-1");
        tokens.decode("good-2");
        assertThat(tokens.remembered()).isEqualTo(2);

        now = NOW.plus(Duration.ofMinutes(15));
        assertThat(tokens.remembered()).as("still usable within the skew").isEqualTo(2);
        now = NOW.plus(Duration.ofMinutes(15)).plus(SKEW);
        assertThat(tokens.remembered()).isZero();
    }

    @Test
    void aTokenVerifiedOnceIsServedFromMemoryWhileValid() {
        Jwt first = tokens.decode("good-1");
        now = NOW.plus(Duration.ofMinutes(10));
        Jwt again = tokens.decode("good-1");

        assertThat(again).isSameAs(first);
        assertThat(verifications).containsExactly("good-1");
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndIsRefusedEachTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        }

        assertThat(verifications).containsExactly("forged", "forged", "forged");
    }

    @Test
    void aRememberedTokenPastItsExpiryAndSkewIsRefused() {
        tokens.decode("good-2");
        now = NOW.plus(Duration.ofMinutes(15)).plus(SKEW).plusSeconds(1);

        assertThatThrownBy(() -> tokens.decode("good-2")).isInstanceOf(JwtException.class);
        assertThat(verifications).containsExactly("good-2", "good-2");
    }

    @Test
    void onlyTheExactTextVerifiedIsAccepted() {
        tokens.decode("good-3");

        assertThatThrownBy(() -> tokens.decode("Good-3")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).containsExactly("good-3", "Good-3");
    }
}
