package dev.accounts.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class TokenDecoderConfigurationTest {

    private static final String JWKS = "http://127.0.0.1:1/.well-known/jwks.json";
    private final SecurityConfiguration configuration = new SecurityConfiguration();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void remembersVerifiedTokensByDefault() {
        assertThat(configuration.jwtDecoder(JWKS, "accounts", 10_000, meters)).isInstanceOf(TimedJwtDecoder.class)
                .extracting("decoder").isInstanceOf(VerifiedTokens.class);
    }

    @Test
    void verifiesEveryRequestWhenNoTokenIsToBeKept() {
        assertThat(configuration.jwtDecoder(JWKS, "accounts", 0, meters)).isInstanceOf(TimedJwtDecoder.class)
                .extracting("decoder").isInstanceOf(NimbusJwtDecoder.class);
    }

    @Test
    void refusesANegativeNumberOfKeptTokensNamingTheSetting() {
        assertThatThrownBy(() -> configuration.jwtDecoder(JWKS, "accounts", -1, meters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accounts.auth.verified-tokens-kept must be 0 or more, not -1");
    }

    @Test
    void timesEveryCheckRefusalsIncluded() {
        TimedJwtDecoder timed = new TimedJwtDecoder(token -> {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: Malformed token");
        }, meters);

        assertThatThrownBy(() -> timed.decode("not.a.token")).isInstanceOf(BadJwtException.class);
        assertThat(meters.get(TimedJwtDecoder.METER).timer().count()).isEqualTo(1);
    }
}
