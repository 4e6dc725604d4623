package dev.accounts.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class TokenDecoderConfigurationTest {

    private static final String JWKS = "http://127.0.0.1:1/.well-known/jwks.json";
    private final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void remembersVerifiedTokensByDefault() {
        assertThat(configuration.jwtDecoder(JWKS, "accounts", 10_000)).isInstanceOf(VerifiedTokens.class);
    }

    @Test
    void verifiesEveryRequestWhenNoTokenIsToBeKept() {
        assertThat(configuration.jwtDecoder(JWKS, "accounts", 0)).isInstanceOf(NimbusJwtDecoder.class);
    }

    @Test
    void refusesANegativeNumberOfKeptTokensNamingTheSetting() {
        assertThatThrownBy(() -> configuration.jwtDecoder(JWKS, "accounts", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accounts.auth.verified-tokens-kept must be 0 or more, not -1");
    }
}
