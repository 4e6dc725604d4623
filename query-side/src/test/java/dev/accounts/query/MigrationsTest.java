package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.UserRegistered;
import dev.accounts.query.support.Migrations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The query side's migrations: they share a schema with the command side's, and create what Axon expects. */
class MigrationsTest {

    private static DataSource emptyH2() {
        return new DriverManagerDataSource("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    private static void migrateQuerySide(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/query/h2")
                .table("query_side_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    private static List<String> tables(DataSource dataSource) {
        return JdbcClient.create(dataSource).sql("SELECT LOWER(table_name) FROM information_schema.tables"
                + " WHERE table_schema = 'PUBLIC' ORDER BY 1").query(String.class).list();
    }

    @Test
    void migratesAfterTheCommandSideHasFilledTheSchema() {
        DataSource dataSource = emptyH2();
        Migrations.migrateCommandSide(dataSource, "h2");

        migrateQuerySide(dataSource);

        assertThat(tables(dataSource)).contains("domain_event_entry", "command_side_schema_history", "users",
                "token_entry", "dead_letter_entry", "query_side_schema_history");
        // Flyway quotes its history table's name on H2
        assertThat(JdbcClient.create(dataSource).sql("SELECT \"version\" FROM \"query_side_schema_history\""
                + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"").query(String.class).list()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void migratesBeforeTheCommandSideDoes() {
        DataSource dataSource = emptyH2();
        migrateQuerySide(dataSource);

        Migrations.migrateCommandSide(dataSource, "h2");

        assertThat(tables(dataSource)).contains("domain_event_entry", "users", "token_entry");
    }

    @Test
    void holdsAxonsDeadLettersUnderTheSnakeCaseSchema() {
        Serializer serializer = Jackson3Serializer.builder().build();
        DataSource dataSource = Migrations.migratedInMemoryH2();
        JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = JdbcSequencedDeadLetterQueue.builder()
                .processingGroup("users").connectionProvider(dataSource::getConnection)
                .transactionManager(NoTransactionManager.instance()).schema(EventLogConfiguration.deadLetterTable())
                .genericSerializer(serializer).eventSerializer(serializer).build();
        UUID userId = UUID.randomUUID();
        UserRegistered payload = new UserRegistered(userId, "ada@example.com", "ada", "Ada", "");
        EventMessage<?> event = new GenericTrackedDomainEventMessage<>(GapAwareTrackingToken.newInstance(4, List.of()),
                new GenericDomainEventMessage<>("User", userId.toString(), 0, payload));

        queue.enqueue(userId.toString(), new GenericDeadLetter<>(userId.toString(), event, new IllegalStateException("boom")));

        assertThat(queue.contains(userId.toString())).isTrue();
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(userId.toString()).forEach(letters::add);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.message().getPayload()).isEqualTo(payload);
            assertThat(letter.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("boom"));
        });
    }
}
