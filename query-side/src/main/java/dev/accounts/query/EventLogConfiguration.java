package dev.accounts.query;

import dev.accounts.eventstore.EventStoreAutoConfiguration;
import dev.accounts.query.log.RecentPositions;
import dev.accounts.query.log.TailingStorageEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the query side tails the event log, which another process appends to.
 *
 * <p>Axon's auto-configured store looks for new events once a second; {@code EmbeddedEventStore} takes
 * its fetch delay only from its builder, so the store is defined here, and with it the JDBC engine
 * (defining a store switches Axon's auto-configured engine off). Both are built as Axon's
 * auto-configuration builds them, from the beans the event-store module and Axon provide (the engine reads
 * event times faster than Axon's: {@link TailingStorageEngine}). With Axon Server as the event store (profile
 * {@code axonserver}) neither is defined: Axon's connector provides the store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventLogConfiguration.Tailing.class)
class EventLogConfiguration {

    /**
     * @param fetchDelay how long the store waits before looking for new events again when it has none
     * @param fetchSize  how many events one read of the log fetches at most (Axon's default is 100); a
     *                   replay reads the whole log in reads of this size
     * @param cachedEvents how many of the newest events the store keeps for its tailing processors (Axon's
     *                   default is 10,000): enough for segments that trail each other by a batch; more only
     *                   keeps events alive long enough to be copied by several young collections
     */
    @ConfigurationProperties("accounts.projection")
    record Tailing(@DefaultValue("25ms") Duration fetchDelay, @DefaultValue("1000") int fetchSize,
                   @DefaultValue("500") int cachedEvents) {
    }

    @Bean
    @ConditionalOnProperty(prefix = "axon.axonserver", name = "enabled", havingValue = "false")
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          Tailing tailing,
                                          RecentPositions positions) {
        return new TailingStorageEngine(EventStoreAutoConfiguration.axonJdbcEngine(defaultSerializer, eventSerializer,
                        persistenceExceptionResolver, configuration, connectionProvider)
                .batchSize(tailing.fetchSize())
                .transactionManager(transactionManager), eventSchema, positions);
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(prefix = "axon.axonserver", name = "enabled", havingValue = "false")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  Tailing tailing) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                // the time unit applies to the cleanup delay too (default 10000), so it stays milliseconds
                .fetchDelay(Math.max(1, tailing.fetchDelay().toMillis()))
                .cachedEvents(tailing.cachedEvents())
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * No correlation data: this side handles events and sends no message, yet Axon's default provider (the
     * message's origin) is asked for it each time a processor wraps a handler's result, which reads every
     * event's metadata for nothing (an eighth of a replay's time).
     */
    @Bean
    CorrelationDataProvider noCorrelationData() {
        return message -> Map.of();
    }

    /**
     * Axon's dead-letter table under snake_case names, as {@code db/query} creates it. Axon's default
     * names are camelCase ({@code DeadLetterEntry}, {@code processingGroup}, ...).
     */
    @Bean
    DeadLetterSchema deadLetterSchema() {
        return deadLetterTable();
    }

    static DeadLetterSchema deadLetterTable() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("timestamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }
}
