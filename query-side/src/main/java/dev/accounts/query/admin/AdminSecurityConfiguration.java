package dev.accounts.query.admin;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The admin panel's pages and assets are public (the data behind them is not: every API call carries the
 * operator's token). They are served with a strict Content-Security-Policy (scripts and styles from this origin
 * only, never inline; network calls to this origin and the command side's), {@code X-Frame-Options: DENY} and no
 * referrer. Only GET: the panel changes nothing here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdminSecurityConfiguration {

    @Bean
    @Order(0)
    SecurityFilterChain admin(HttpSecurity http, @Value("${accounts.admin.command-url}") String commandUrl) throws Exception {
        // no session and no saved request: nothing here is per operator
        http.securityMatcher("/admin", "/admin/**")
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/admin", "/admin/**").permitAll()
                        .anyRequest().denyAll())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(commandUrl)))
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    static String contentSecurityPolicy(String commandUrl) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
                + "connect-src 'self' " + origin(commandUrl) + "; manifest-src 'self'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    /** {@code scheme://host[:port]} of a URL, which is what CORS and CSP compare. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("accounts.admin.command-url must be an absolute URL, not '" + url + "'");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
