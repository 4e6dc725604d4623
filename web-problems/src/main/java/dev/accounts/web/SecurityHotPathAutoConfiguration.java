package dev.accounts.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's work on every request, made cheaper without changing what it lets through:
 * <ul>
 *   <li>the firewall's header and parameter character checks ({@link HeaderText}) and the reading of the bearer
 *       token ({@link FastBearerTokenResolver}) by loops instead of regular expressions;</li>
 *   <li>no observation (timer, span) around each filter of the security chain, each authentication and each
 *       authorization, unless {@code accounts.security-observations=true}: the services' own request metrics
 *       ({@code http.server.requests}) stay.</li>
 * </ul>
 * Together they took reads by id on the query side from 5,578–6,563 to 9,024–9,595 requests/s on the 2-core
 * benchmark machine (docs/BENCHMARKS.md, session 7). Spring Security picks the beans up by type; an application
 * that declares its own keeps it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(StrictHttpFirewall.class)
public class SecurityHotPathAutoConfiguration {

    /** {@link StrictHttpFirewall} with its defaults, only the character checks replaced by equal ones. */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderText::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderText::isAllowedValue);
        firewall.setAllowedParameterNames(HeaderText::isAllowedName);
        return firewall;
    }

    /** For the resource servers (both sides). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BearerTokenResolver.class)
    static class BearerTokens {

        @Bean
        @ConditionalOnMissingBean(BearerTokenResolver.class)
        BearerTokenResolver bearerTokenResolver() {
            return new FastBearerTokenResolver();
        }
    }

    /** Observations of the security chain's every step: off unless asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SecurityObservationSettings.class)
    @ConditionalOnProperty(name = "accounts.security-observations", havingValue = "false", matchIfMissing = true)
    static class NoSecurityObservations {

        @Bean
        @ConditionalOnMissingBean(SecurityObservationSettings.class)
        SecurityObservationSettings securityObservationSettings() {
            return SecurityObservationSettings.noObservations();
        }
    }
}
