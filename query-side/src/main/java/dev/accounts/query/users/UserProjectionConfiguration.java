package dev.accounts.query.users;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the users processor treats a failing handler. The processor's mode, threads and segments, and its
 * dead-letter queue, are in {@code application.yml} ({@code axon.eventhandling.processors.users}).
 *
 * <p>A handler that fails on an event puts that event in Axon's dead-letter queue (the
 * {@code dead_letter_entry} table) and the processor goes on: the user's later events queue behind it, every
 * other user's are applied. Only a failure of the queue itself (the database gone) rolls the batch back, token
 * included, for the processor to retry with back-off.
 */
@Configuration(proxyBeanMethods = false)
class UserProjectionConfiguration {

    /**
     * A replay empties the queue with the table (the reset runs in one transaction): an event that still
     * fails is dead-lettered again as the replay meets it, and one that no longer fails is simply applied.
     * The cache spares each event a query for "is this user's sequence dead-lettered?" while none is.
     */
    @Bean
    ConfigurerModule usersDeadLetters() {
        return configurer -> configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(
                UserProjection.PROCESSING_GROUP,
                (configuration, invoker) -> invoker.allowReset(true).enableSequenceIdentifierCache());
    }
}
