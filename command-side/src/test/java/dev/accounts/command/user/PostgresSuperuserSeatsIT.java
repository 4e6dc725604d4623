package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.accounts.command.CommandSideDatabases;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last active superuser holds under concurrent removals: on PostgreSQL, two transactions each removing one
 * of the last two superusers; the second waits on the first's row locks and then finds it is the last.
 */
class PostgresSuperuserSeatsIT {

    private JdbcClient jdbc;
    private SuperuserSeats seats;
    private TransactionTemplate transactions;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = CommandSideDatabases.postgres();
        jdbc = JdbcClient.create(dataSource);
        seats = new SuperuserSeats(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void ofTwoConcurrentRemovalsOfTheLastTwoSuperusersTheSecondIsRefused() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            seats.take(first);
            seats.take(second);
        });
        CountDownLatch firstRemoved = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);

        CompletableFuture<Void> removeFirst = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            seats.release(first);
            firstRemoved.countDown();
            awaitLatch(mayCommit);
        }));
        assertThat(firstRemoved.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> removeSecond = CompletableFuture.runAsync(() ->
                transactions.executeWithoutResult(status -> seats.release(second)));
        // the second transaction is waiting for the first one's row lock
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single() > 0);
        mayCommit.countDown();
        removeFirst.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> removeSecond.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LastSuperuser.class);
        assertThat(jdbc.sql("SELECT user_id FROM superuser_seat").query(String.class).list())
                .containsExactly(second.toString());
    }

    @Test
    void releasingTheOnlySeatIsRefusedAndTakingIsIdempotent() {
        UUID only = UUID.randomUUID();
        seats.take(only);
        seats.take(only);

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> seats.release(only)))
                .isInstanceOf(LastSuperuser.class);
        assertThat(seats.count()).isEqualTo(1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
