package dev.accounts.eventstore;

import dev.accounts.eventstore.upcasting.Upcasters;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Wires Axon's JDBC event store for both sides.
 *
 * <p>Its ordering is half the point: Axon 4.13 orders its JDBC and transaction auto-configurations
 * after Spring Boot 3's class names, which moved in Boot 4, so without this class they may run before
 * the {@code DataSource} and transaction manager exist and silently back off (no JDBC engine, no token
 * store, {@code NoTransactionManager}). Running between the two fixes that.
 */
@AutoConfiguration(
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
@Import(Upcasters.class)
public class EventStoreAutoConfiguration {

    /** The name of the event table, shared by the writer and every reader. */
    public static final String EVENT_TABLE = "domain_event_entry";

    @Bean
    EventSchema eventSchema() {
        return snakeCaseEventSchema();
    }

    /** The event log's snake_case table and column names, as both sides' migrations create them. */
    public static EventSchema snakeCaseEventSchema() {
        return EventSchema.builder()
                .eventTable(EVENT_TABLE)
                .snapshotTable("snapshot_event_entry")
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

    /**
     * Axon's JDBC engine as its auto-configuration sets it up (serializers, upcasters, snapshot filter, duplicate-key
     * resolver, connections), for a side that builds an engine of its own on top.
     */
    public static JdbcEventStorageEngine.Builder axonJdbcEngine(Serializer defaultSerializer, Serializer eventSerializer,
                                                               PersistenceExceptionResolver persistenceExceptionResolver,
                                                               org.axonframework.config.Configuration configuration,
                                                               ConnectionProvider connectionProvider) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider);
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new UniqueViolationResolver();
    }

    @Bean
    RevisionResolver revisionResolver() {
        return new EventRevisionResolver();
    }

    /** Lets Jackson 3 read Axon's polymorphic values (tokens, metadata) and our own types, nothing else. */
    @Bean
    Jackson3SerializerCustomizer accountsJsonMapperCustomizer() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("dev.accounts.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.lang.")
                .allowIfSubType("java.time.")
                .build());
    }
}
