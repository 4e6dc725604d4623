package dev.accounts.command.audit;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which command metadata every resulting event carries: the audit metadata and nothing else, so request-only
 * metadata (an Idempotency-Key, a request fingerprint) never reaches the log.
 */
@Configuration(proxyBeanMethods = false)
class AuditMetadataConfiguration {

    /**
     * Axon's message origin under the contract's names: {@code causation_id} is the command's identifier, and
     * {@code correlation_id} the command's own correlation id (the request's) or, when it has none, its identifier.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(AuditMetadata.CAUSATION_ID, AuditMetadata.CORRELATION_ID);
    }

    /** Copied from the command as {@link AuditDispatchInterceptor} set them. */
    @Bean
    CorrelationDataProvider actorProvider() {
        return new SimpleCorrelationDataProvider(AuditMetadata.ACTOR, AuditMetadata.CLIENT_ADDRESS,
                AuditMetadata.USER_AGENT);
    }
}
