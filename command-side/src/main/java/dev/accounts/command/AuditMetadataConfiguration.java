package dev.accounts.command;

import dev.accounts.command.user.Registrations;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which command metadata every resulting event carries: who caused it, and the correlation and
 * causation ids. Nothing else is copied, so request-only metadata never reaches the log.
 */
@Configuration(proxyBeanMethods = false)
class AuditMetadataConfiguration {

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actorProvider() {
        return new SimpleCorrelationDataProvider(Registrations.ACTOR);
    }
}
