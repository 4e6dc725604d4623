package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The command side's connection pool exhausted, then its connections ended by the server, on PostgreSQL with the
 * real jar. The pool is made small ({@code ACCOUNTS_DB_POOL_SIZE=2}) and every connection in it is held the way
 * production loses them: another session has claimed the same emails and not yet committed, so two registrations
 * wait inside their transactions on its row locks. Registrations that come meanwhile get no connection: they must
 * be answered {@code 503} with {@code Retry-After} within about Hikari's connection timeout (2 s), whether they
 * carry an Idempotency-Key (the look-up of the key fails first) or not (Axon's transaction cannot begin). Then
 * PostgreSQL ends the two waiting sessions (as an administrator or a restart would): those registrations, cut off
 * inside their transactions, must be answered {@code 503} too.
 *
 * <p>None of them may have written anything (no event without its claim, no claim or key without its event), and
 * the command side, never restarted, then registers every one of them on a retry, each exactly once.
 */
@Tag("faults")
class PostgresPoolExhaustionIT {

    private static final String RUN = "pool-" + UUID.randomUUID().toString().substring(0, 6);
    private static final int POOL = 2;
    /** Registrations sent while every pooled connection is held; every other one without an Idempotency-Key. */
    private static final int MEANWHILE = 6;
    /** The command side's {@code spring.datasource.hikari.connection-timeout}. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** How much later than the connection timeout a 503 may come and still be "fast". */
    private static final Duration SLACK = Duration.ofMillis(1500);
    /** Tells the command side's sessions apart in pg_stat_activity. */
    private static final String APPLICATION = "faults-pool-command-side";

    private static String url;
    private static CommandSide commandSide;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient db;

    @BeforeAll
    static void commandSideWithATinyPool() {
        url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url + "?ApplicationName=" + APPLICATION, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword(), Map.of("ACCOUNTS_DB_POOL_SIZE", Integer.toString(POOL)));
        dataSource = new SingleConnectionDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), true);
        db = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(commandSide);
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void anExhaustedPoolAnswers503FastAndNothingIsHalfWritten() throws Exception {
        FaultReport report = new FaultReport("pool-exhaustion", "the command side's pool (2 connections) held by two "
                + "registrations waiting on another session's uncommitted claims; " + MEANWHILE + " registrations sent "
                + "meanwhile; then PostgreSQL ends the two waiting sessions");
        Ledger ledger = new Ledger();
        RegistrationClient client = new RegistrationClient(commandSide.api(), ledger);
        List<Registration> holding = IntStream.range(0, POOL).mapToObj(n -> Registration.numbered(RUN, n)).toList();
        List<Registration> meanwhile = IntStream.range(POOL, POOL + MEANWHILE).mapToObj(n -> Registration.numbered(RUN, n))
                .map(registration -> registration.number() % 2 == 0 ? registration : registration.withoutKey()).toList();

        ExecutorService clients = Executors.newFixedThreadPool(POOL + MEANWHILE);
        List<Answer> exhausted;
        List<Answer> cutOff;
        try (Connection other = DriverManager.getConnection(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword())) {
            other.setAutoCommit(false);
            claimWithoutCommitting(other, holding);
            List<Future<Answer>> held = holding.stream()
                    .map(registration -> clients.submit(() -> client.register(registration))).toList();
            await("both pooled connections to wait on the other session's locks").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> waitingOnALock() == POOL);

            exhausted = answers(meanwhile.stream().<Callable<Answer>>map(registration -> () -> client.register(registration))
                    .toList(), clients);

            // PostgreSQL ends the sessions that hold the pool, in the middle of their transactions
            long ended = db.sql("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ? "
                    + "AND wait_event_type = 'Lock'").param(APPLICATION).query(Long.class).single();
            report.check(ended == POOL, "ended " + ended + " sessions, not " + POOL);
            cutOff = held.stream().map(PostgresPoolExhaustionIT::answer).toList();
            other.rollback();
        } finally {
            clients.shutdownNow();
        }

        long slowest = exhausted.stream().mapToLong(Answer::millis).max().orElseThrow();
        long fastest = exhausted.stream().mapToLong(Answer::millis).min().orElseThrow();
        report.count("pool size", POOL)
                .count("answers while the pool was held", exhausted.stream().map(Answer::label).toList())
                .count("their time (ms), fastest and slowest", fastest + ", " + slowest)
                .check(exhausted.stream().allMatch(PostgresPoolExhaustionIT::unavailable),
                        "not every registration sent while the pool was held got a 503 with Retry-After")
                .check(slowest <= CONNECTION_TIMEOUT.plus(SLACK).toMillis(), "a 503 took " + slowest + " ms")
                .count("answers of the registrations whose sessions were ended", cutOff.stream().map(Answer::label).toList())
                .check(cutOff.stream().allMatch(PostgresPoolExhaustionIT::unavailable),
                        "not every registration whose session was ended got a 503 with Retry-After");

        Reckoning.errorsStoredNothing(report, ledger, StoreAudit.read(db, RUN, false));
        report.count("retried (under the same key, or sent again without one)",
                        client.retryUnacknowledged(Duration.ofSeconds(30)))
                .zero("acknowledged registrations answered differently when resent", client.resendAcknowledged());
        Reckoning.acknowledgedWritesKept(report, ledger, StoreAudit.read(db, RUN, false), false);
        report.publishAndAssert();
    }

    /** Another session claims these emails, as a registration of its own would, and holds the claims uncommitted. */
    private static void claimWithoutCommitting(Connection other, List<Registration> registrations) throws SQLException {
        try (PreparedStatement claim = other.prepareStatement(
                "INSERT INTO account_claim (kind, claim_key, user_id) VALUES ('email', ?, ?)")) {
            for (Registration registration : registrations) {
                claim.setString(1, registration.email());
                claim.setString(2, UUID.randomUUID().toString());
                claim.executeUpdate();
            }
        }
    }

    private static long waitingOnALock() {
        return db.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'")
                .param(APPLICATION).query(Long.class).single();
    }

    private static boolean unavailable(Answer answer) {
        return answer.outcome() == Outcome.UNAVAILABLE && "1".equals(answer.retryAfter())
                && "/problems/unavailable".equals(answer.problemType());
    }

    private static List<Answer> answers(List<Callable<Answer>> requests, ExecutorService clients) {
        List<Future<Answer>> futures = requests.stream().map(clients::submit).toList();
        return futures.stream().map(PostgresPoolExhaustionIT::answer).toList();
    }

    private static Answer answer(Future<Answer> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
