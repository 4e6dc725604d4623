package dev.accounts.command.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How the command side verifies access tokens: with its own keys (those the JWKS serves), ES256 only (so
 * {@code alg: none} and HMAC tricks fail), type {@code at+jwt}, this issuer and audience, within {@code nbf}
 * and {@code exp} give or take 30 seconds, and with a subject.
 */
@Configuration(proxyBeanMethods = false)
class TokenVerification {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, AuthProperties properties) {
        JWKSource<SecurityContext> verifying = (selector, context) -> {
            List<JWK> found = selector.select(new JWKSet(keys.publicKeys()));
            // another process may have rotated since this one last read the keys
            return found.isEmpty() ? selector.select(new JWKSet(keys.publicKeysReloaded())) : found;
        };
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(verifying)
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        JwtTypeValidator type = new JwtTypeValidator(AccessTokens.TYPE);
        JwtTimestampValidator time = new JwtTimestampValidator(CLOCK_SKEW);
        time.setAllowEmptyNotBeforeClaim(true);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(type, time,
                new JwtIssuerValidator(properties.issuer()),
                new JwtAudienceValidator(properties.issuer()),
                new JwtClaimValidator<Object>("exp", java.util.Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()))));
        return decoder;
    }
}
