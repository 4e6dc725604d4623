package dev.accounts.query.users;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the users processor treats a failing handler. The processor's mode, threads and segments are in
 * {@code application.yml} ({@code axon.eventhandling.processors.users}).
 */
@Configuration(proxyBeanMethods = false)
class UserProjectionConfiguration {

    /**
     * A failure rolls the batch back, token included, and the processor retries it with back-off. Axon's
     * default would log it and move on, leaving the row missing until a replay.
     */
    @Bean
    ConfigurerModule usersFailuresAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                UserProjection.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
