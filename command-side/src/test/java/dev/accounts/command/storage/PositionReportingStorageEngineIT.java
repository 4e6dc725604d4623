package dev.accounts.command.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.CommandSideDatabases;
import dev.accounts.eventstore.EventStoreAutoConfiguration;
import dev.accounts.testsupport.TestDatabases;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The command side's engine reports the log positions the database gave its appended events, on PostgreSQL and on
 * the embedded H2, as the command side's migrations create the log; and an account's events read back in order.
 */
class PositionReportingStorageEngineIT {

    record Database(String name, String url, String user, String password, String vendor) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Database> databases() {
        return Stream.of(
                new Database("PostgreSQL", TestDatabases.freshPostgres(), TestDatabases.postgresUser(),
                        TestDatabases.postgresPassword(), "postgresql"),
                new Database("H2", "jdbc:h2:mem:positions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", "h2"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAppendReportsThePositionOfItsNewestEvent(Database database) {
        DriverManagerDataSource dataSource = CommandSideDatabases.migrated(database.url(), database.user(), database.password(),
                database.vendor());
        TransactionManager transactions = new CommandTransactions().axonTransactionManager(new JdbcTransactionManager(dataSource));
        Jackson3Serializer serializer = Jackson3Serializer.builder().build();
        PositionReportingStorageEngine engine = new PositionReportingStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer).eventSerializer(serializer)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource)),
                EventStoreAutoConfiguration.snakeCaseEventSchema(), transactions);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        OptionalLong firstPosition = appendInAUnitOfWork(engine, transactions, event(first, 0), event(first, 1));
        OptionalLong secondPosition = appendInAUnitOfWork(engine, transactions, event(second, 0));

        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(firstPosition).hasValue(newestPosition(jdbc, first));
        assertThat(secondPosition).hasValue(newestPosition(jdbc, second));
        assertThat(secondPosition.getAsLong()).isGreaterThan(firstPosition.getAsLong());
        assertThat(engine.readEvents(first).asStream().map(DomainEventMessage::getSequenceNumber)).containsExactly(0L, 1L);
        assertThat(engine.readEvents(first).asStream().map(event -> (Object) event.getPayload()))
                .containsExactly("event 0 of " + first, "event 1 of " + first);
    }

    private static OptionalLong appendInAUnitOfWork(PositionReportingStorageEngine engine, TransactionManager transactions,
                                                    DomainEventMessage<?>... events) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactions);
            assertThat(PositionReportingStorageEngine.appendedPosition(unitOfWork)).as("before the append").isEmpty();
            engine.appendEvents(List.of(events));
            OptionalLong position = PositionReportingStorageEngine.appendedPosition(unitOfWork);
            unitOfWork.commit();
            return position;
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, "event " + sequence + " of " + aggregate);
    }

    private static long newestPosition(JdbcClient jdbc, String aggregate) {
        return jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate).query(Long.class).single();
    }
}
