package dev.accounts.command.storage;

import dev.accounts.eventstore.EventStoreAutoConfiguration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command side's event log in the database (not with Axon Server): Axon's JDBC engine as its
 * auto-configuration builds it, with appends that report their positions ({@link PositionReportingStorageEngine}),
 * and one read less for each account it loads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "axon.axonserver", name = "enabled", havingValue = "false", matchIfMissing = true)
class CommandEventLog {

    /** How many of an account's events one read fetches at most (Axon's default). */
    static final int BATCH_SIZE = 100;

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema) {
        return new PositionReportingStorageEngine(EventStoreAutoConfiguration.axonJdbcEngine(defaultSerializer,
                        eventSerializer, persistenceExceptionResolver, configuration, connectionProvider)
                .batchSize(BATCH_SIZE)
                // Axon reads an aggregate's events by ranges of sequence numbers, [n, n + batch size), and by default
                // reads on until a range comes back empty. An account's sequence numbers have no gaps (each event
                // takes the next, under a unique key), so a range that comes back short is the last one.
                .finalAggregateBatchPredicate(batch -> batch.size() < BATCH_SIZE), eventSchema, transactionManager);
    }
}
