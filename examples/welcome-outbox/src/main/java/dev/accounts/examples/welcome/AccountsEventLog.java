package dev.accounts.examples.welcome;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Where the events come from and where this service keeps its place.
 *
 * <p>Accounts' command side appends to a JDBC event store in its PostgreSQL database; this service reads that
 * table (it never writes to it) and keeps its tracking token and its own tables in the schema {@code welcome},
 * which its Flyway migrations own. The beans are spelled out rather than left to Axon's auto-configuration,
 * which on Spring Boot 4 may back off without a word (it orders itself after Boot 3's class names).
 */
@Configuration(proxyBeanMethods = false)
class AccountsEventLog {

    /** Accounts' event table and its snake_case columns, as the command side's migration creates them. */
    static EventSchema accountsEventSchema() {
        return EventSchema.builder()
                .eventTable("public.domain_event_entry")
                .snapshotTable("public.snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .schema(accountsEventSchema())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .build();
    }

    /** This service's own tracking tokens, in its own schema: Accounts' processors never see them. */
    @Bean
    TokenStore tokenStore(Serializer serializer, ConnectionProvider connectionProvider) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("welcome.token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    /** Lets Jackson 3 read Axon's polymorphic values (tracking tokens, metadata) and nothing else. */
    @Bean
    Jackson3SerializerCustomizer axonTypesOnly() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.lang.")
                .allowIfSubType("java.time.")
                .build());
    }
}
