package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Logs;
import dev.accounts.query.support.QuerySide;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code kill -9} of the command side in the middle of a registration load, on PostgreSQL, both sides from their
 * real jars. Clients register at a steady rate, each registration under its own Idempotency-Key; the command side
 * is killed once a few hundred are acknowledged, restarted on the same port and database, and the load goes on.
 *
 * <p>What holds: a request refused while the process was gone stored nothing; one cut off by the kill may or may
 * not have been stored (an unknown outcome), and its retry under the same key answers with that account if it
 * was, never a second one; in the end every 201 is in the event log and, once the query side has caught up, in
 * the users table, each exactly once, and no user, claim or key exists without its event.
 */
@Tag("faults")
class PostgresCommandSideKillIT {

    private static final String RUN = "kill-" + UUID.randomUUID().toString().substring(0, 6);
    private static final int CLIENTS = 8;
    /** One registration every 10 ms across the clients: 100 a second. */
    private static final Duration PACE = Duration.ofMillis(10);
    /** The command side is killed once this many registrations are acknowledged... */
    private static final int KILL_AT = 300;
    /** ...and the load stops once this many more are, after the restart. */
    private static final int AFTER_RESTART = 200;

    /** Issues the staff token the query side's reads need. */
    private static final TestIssuer ISSUER = TestIssuer.start();

    private static CommandSide commandSide;
    private static BootJar querySide;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient db;

    @BeforeAll
    static void bothSidesOnAFreshDatabase() {
        String url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        querySide = QuerySide.launch("query-side", url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                ISSUER.baseUrl(), Map.of()).awaitHealthy(Duration.ofSeconds(90));
        dataSource = new SingleConnectionDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), true);
        db = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(querySide, commandSide);
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void everyAcknowledgedRegistrationOutlivesAKillAndNoneIsStoredTwice() {
        FaultReport report = new FaultReport("command-side-kill", "kill -9 of the command side in the middle of a "
                + "registration load (8 clients, 100/s); restarted on the same port and database while the load goes on");
        Ledger ledger = new Ledger();
        RegistrationClient client = new RegistrationClient(commandSide.api(), ledger);

        int acknowledgedAtKill;
        Duration restart;
        try (RegistrationLoad load = RegistrationLoad.start(client, RUN, CLIENTS, PACE)) {
            await(KILL_AT + " registrations to be acknowledged").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> ledger.acknowledged() >= KILL_AT);
            commandSide.kill();
            acknowledgedAtKill = ledger.acknowledged();
            long killed = System.nanoTime();
            // meanwhile the clients are refused, and back off
            commandSide = commandSide.restart("command-side-restarted");
            restart = Duration.ofNanos(System.nanoTime() - killed);
            await(AFTER_RESTART + " more registrations to be acknowledged after the restart").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> ledger.acknowledged() >= acknowledgedAtKill + AFTER_RESTART);
            load.stop();
        }
        report.count("acknowledged when killed", acknowledgedAtKill)
                .count("kill to healthy again (ms)", CatchUp.millis(restart));

        Reckoning.errorsStoredNothing(report, ledger, StoreAudit.read(db, RUN, true));
        report.check(ledger.firstErrors().containsKey("refused"), "no request was refused: the kill hit no load")
                .count("retried under the same key", client.retryUnacknowledged(Duration.ofSeconds(60)))
                .zero("acknowledged registrations answered differently when resent", client.resendAcknowledged());
        Duration catchUp = CatchUp.awaitPosition(querySide, ISSUER, ledger.newestPosition(), Duration.ofSeconds(60));
        report.count("query side caught up after the retries (ms)", CatchUp.millis(catchUp));
        Reckoning.acknowledgedWritesKept(report, ledger, StoreAudit.read(db, RUN, true), true);

        report.zero("errors and Axon warnings logged (restarted command side, query side)",
                Logs.errorsAndAxonWarnings(commandSide.output()).size() + Logs.errorsAndAxonWarnings(querySide.output()).size());
        report.publishAndAssert();
    }
}
