package dev.accounts.query.users;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

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

    private static final Logger log = LoggerFactory.getLogger(UserProjection.class);

    /**
     * A replay empties the queue with the table (the reset runs in one transaction): an event that still
     * fails is dead-lettered again as the replay meets it, and one that no longer fails is simply applied.
     * The cache spares each event a query for "is this user's sequence dead-lettered?" while none is.
     */
    @Bean
    ConfigurerModule usersDeadLetters() {
        EnqueuePolicy<EventMessage<?>> deadLetterAndSaySo = (letter, cause) -> {
            // Axon notes a dead letter at INFO; an operator must hear of it. The payload is not logged.
            log.warn("The {} projection failed on event {} ({}) and puts it in the dead-letter queue: {}",
                    UserProjection.PROCESSING_GROUP, letter.message().getIdentifier(),
                    letter.message().getPayloadType().getSimpleName(), firstLine(cause));
            return Decisions.enqueue(ThrowableCause.truncated(cause));
        };
        return configurer -> configurer.eventProcessing()
                .registerDeadLetterPolicy(UserProjection.PROCESSING_GROUP, configuration -> deadLetterAndSaySo)
                .registerDeadLetteringEventHandlerInvokerConfiguration(UserProjection.PROCESSING_GROUP,
                        (configuration, invoker) -> invoker.allowReset(true).enableSequenceIdentifierCache());
    }

    /** The database's own words, where it is at fault (not the statement around them). */
    private static String firstLine(Throwable cause) {
        Throwable specific = NestedExceptionUtils.getMostSpecificCause(cause);
        String message = specific.getMessage();
        return specific.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.strip().lines().findFirst().orElse(""));
    }
}
