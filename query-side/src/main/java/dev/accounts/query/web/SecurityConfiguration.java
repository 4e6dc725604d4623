package dev.accounts.query.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query side as an OAuth2 resource server: it verifies the command side's access tokens with the public
 * keys the command side serves at {@code accounts.auth.jwk-set-uri} (cached, and fetched again for a key id it
 * has not seen), never with a shared secret. ES256 only, type {@code at+jwt}, the configured issuer and
 * audience, {@code nbf}/{@code exp} with 30 s of skew. The roles come from the token's {@code roles} claim. A
 * token once verified is remembered until it expires ({@link VerifiedTokens}).
 *
 * <p>{@code GET /api/users/me} needs any valid token; the list needs staff (or superuser); one user needs
 * staff or to be that user (checked by the controller, as is a history's need for staff). The projections API is
 * an operator's: reading where they stand needs staff (or superuser), a replay or a dead-letter retry (any other
 * method) a superuser. The event feed ({@code /api/events/**}) needs scope {@code events:read} (the token's
 * {@code scope} claim, as a service token carries it; no role gives it). A refusal's detail says which role or
 * scope the route needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    static final String STAFF = "staff";
    static final String SUPERUSER = "superuser";
    /** Where the projections stand (also {@code /api/projections} itself): staff. */
    private static final RequestMatcher READ_PROJECTIONS =
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/projections/**");
    /** Any other method there, a replay or a dead-letter retry: superuser. */
    private static final RequestMatcher OPERATE_PROJECTIONS =
            PathPatternRequestMatcher.withDefaults().matcher("/api/projections/**");
    /** The event feed, for subscribers: a token with scope {@code events:read}. */
    private static final RequestMatcher EVENT_FEED =
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/events/**");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /**
     * Signatures checked by Bouncy Castle with a verifier kept per key ({@link Es256Verifiers}): 0.06 ms a token
     * against 0.15 through its JCA provider and 0.8 through the JDK 17 one; a token the side has not seen yet
     * pays that once.
     */
    private static final Es256Verifiers ES256_VERIFIERS = new Es256Verifiers();
    /**
     * @param verifiedTokensKept verified tokens remembered at most (about one per active client, so the default
     *                           bounds memory at a few MiB); 0 verifies every request's signature afresh
     */
    @Bean
    JwtDecoder jwtDecoder(@Value("${accounts.auth.jwk-set-uri}") String jwkSetUri,
                          @Value("${accounts.auth.issuer:accounts}") String issuer,
                          @Value("${accounts.auth.verified-tokens-kept:10000}") long verifiedTokensKept,
                          MeterRegistry meters) {
        if (verifiedTokensKept < 0) {
            throw new IllegalArgumentException("accounts.auth.verified-tokens-kept must be 0 or more, not " + verifiedTokensKept);
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithm(SignatureAlgorithm.ES256)
                .jwtProcessorCustomizer(processor -> processor.setJWSVerifierFactory(ES256_VERIFIERS))
                .build();
        JwtTimestampValidator time = new JwtTimestampValidator(CLOCK_SKEW);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTypeValidator("at+jwt"), time,
                new JwtIssuerValidator(issuer), new JwtAudienceValidator(issuer),
                new JwtClaimValidator<Object>("exp", java.util.Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()))));
        return new TimedJwtDecoder(verifiedTokensKept == 0 ? decoder
                : new VerifiedTokens(decoder, CLOCK_SKEW, Clock.systemUTC(), verifiedTokensKept), meters);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<GrantedAuthority> authorities = new ArrayList<>(roles.convert(jwt));
            authorities.addAll(scopes.convert(jwt));
            return authorities;
        });
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = forbidden();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/metrics", "/actuator/metrics/**").permitAll()
                        .requestMatchers(EVENT_FEED).hasAuthority("SCOPE_" + EventFeedController.SCOPE)
                        .requestMatchers(READ_PROJECTIONS).hasAnyRole(STAFF, SUPERUSER)
                        .requestMatchers(OPERATE_PROJECTIONS).hasRole(SUPERUSER)
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/users/me").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/users").hasAnyRole(STAFF, SUPERUSER)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden));
        return http.build();
    }

    private static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, failure) -> {
            bearer.commence(request, response, failure);
            write(request, response, 401, "unauthorized", "Unauthorized", request.getHeader("Authorization") != null
                    ? "The access token is invalid or has expired."
                    : "Authentication is required: send an access token as 'Authorization: Bearer <token>'.");
        };
    }

    /** A 403 whose detail names the role the route needs. */
    private static AccessDeniedHandler forbidden() {
        LinkedHashMap<RequestMatcher, AccessDeniedHandler> byRoute = new LinkedHashMap<>();
        byRoute.put(EVENT_FEED, forbidden("Only a token with scope " + EventFeedController.SCOPE
                + " (a service token) may read the event feed."));
        byRoute.put(READ_PROJECTIONS, forbidden("Only staff may read the projections."));
        byRoute.put(OPERATE_PROJECTIONS, forbidden("Only superusers may replay a projection or retry its dead letters."));
        return new RequestMatcherDelegatingAccessDeniedHandler(byRoute, forbidden("Only staff may read other users."));
    }

    private static AccessDeniedHandler forbidden(String detail) {
        BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
        return (request, response, failure) -> {
            denied.handle(request, response, failure);
            write(request, response, 403, "forbidden", "Forbidden", detail);
        };
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                              String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
