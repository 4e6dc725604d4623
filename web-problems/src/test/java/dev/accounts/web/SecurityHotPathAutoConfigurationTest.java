package dev.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;

/** The auto-configuration's beans, as both services get them. */
class SecurityHotPathAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityHotPathAutoConfiguration.class));

    @Test
    void providesTheCheaperChecksAndTurnsSecurityObservationsOff() {
        runner.run(context -> {
            assertThat(context).getBean(BearerTokenResolver.class).isInstanceOf(FastBearerTokenResolver.class);
            SecurityObservationSettings observations = context.getBean(SecurityObservationSettings.class);
            assertThat(observations.shouldObserveRequests()).isFalse();
            assertThat(observations.shouldObserveAuthentications()).isFalse();
            assertThat(observations.shouldObserveAuthorizations()).isFalse();

            HttpFirewall firewall = context.getBean(HttpFirewall.class);
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
            request.addHeader("X-Split", "a\r\nb");
            request.addHeader("X-Fine", "caf\u00e9\tok");
            var firewalled = firewall.getFirewalledRequest(request);
            assertThat(firewalled.getHeader("X-Fine")).isEqualTo("caf\u00e9\tok");
            assertThatThrownBy(() -> firewalled.getHeader("X-Split"))
                    .isInstanceOf(RequestRejectedException.class);
        });
    }

    @Test
    void observationsComeBackOnRequest() {
        runner.withPropertyValues("accounts.security-observations=true")
                .run(context -> assertThat(context).doesNotHaveBean(SecurityObservationSettings.class));
    }

    @Test
    void anApplicationsOwnBeansWin() {
        runner.withBean(BearerTokenResolver.class, DefaultBearerTokenResolver::new)
                .run(context -> assertThat(context).getBean(BearerTokenResolver.class)
                        .isInstanceOf(DefaultBearerTokenResolver.class));
    }
}
