package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.EventLog;
import dev.accounts.query.support.QuerySide;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the query side, once while it projects a registration load live and once in the middle of a
 * replay, on PostgreSQL with both sides from their real jars. The log is first given {@value #SEEDED_DEFAULT}
 * registrations straight in the database (so that a replay takes a few seconds), then the live load comes through
 * the command side's API.
 *
 * <p>What holds: each time, the query side restarted on the same port takes its segments back once the dead
 * process's claims expire ({@code claim-timeout}, 10 s), goes on from its last committed tokens (a replay goes on as
 * a replay), and the users table it ends with equals, row for row and column for column, the table a replay
 * nothing interrupted builds from the same log. Every acknowledged registration is in it once.
 */
@Tag("faults")
@Tag("faults-only")
class PostgresQuerySideKillIT {

    static final int SEEDED_DEFAULT = 100_000;
    /** Registrations put straight into the log before the query side starts: {@code -Dfaults.seeded-events}. */
    private static final int SEEDED = Integer.getInteger("faults.seeded-events", SEEDED_DEFAULT);
    private static final String RUN = "qkill-" + UUID.randomUUID().toString().substring(0, 6);
    private static final int CLIENTS = 8;
    private static final Duration PACE = Duration.ofMillis(10);
    private static final String USERS = "/api/projections/users";

    private static final TestIssuer ISSUER = TestIssuer.start();
    private static final String[] SUPERUSER = ISSUER.authorization("staff", "superuser");

    private static CommandSide commandSide;
    private static BootJar querySide;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient db;

    @BeforeAll
    static void aLongLogAndBothSides() {
        String url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        dataSource = new SingleConnectionDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), true);
        db = JdbcClient.create(dataSource);
        EventLog.seedRegistrations(db, SEEDED, RUN + "-seed");
        querySide = QuerySide.launch("query-side", url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                ISSUER.baseUrl(), Map.of()).awaitHealthy(Duration.ofSeconds(90));
        awaitProjected(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(querySide, commandSide);
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void killedWhileProjectingOrReplayingTheQuerySideEndsWithTheTableAnUninterruptedReplayBuilds() {
        FaultReport live = new FaultReport("query-side-kill-live", "kill -9 of the query side while it projects a "
                + "registration load (8 clients, 100/s), restarted on the same port while the load goes on");
        killedWhileProjectingLive(live);
        FaultReport replay = new FaultReport("query-side-kill-replay", "kill -9 of the query side in the middle of a "
                + "replay of the users projection (" + SEEDED + " seeded registrations and the live ones), restarted");
        killedWhileReplaying(replay);

        // the reference: a replay of the same log that nothing interrupts
        long started = System.nanoTime();
        startReplay();
        awaitProjected(Duration.ofSeconds(180));
        long rows = count("SELECT COUNT(*) FROM users");
        for (FaultReport report : new FaultReport[] {live, replay}) {
            String snapshot = report == live ? "users_after_live_kill" : "users_after_killed_replay";
            report.count("rows in the table an uninterrupted replay builds", rows)
                    .zero("rows that differ from it (either way)", differingRows(snapshot));
        }
        replay.count("uninterrupted replay (ms)", CatchUp.millis(Duration.ofNanos(System.nanoTime() - started)));
        live.publish();
        replay.publish();
        live.assertPassed();
        replay.assertPassed();
    }

    private static void killedWhileProjectingLive(FaultReport report) {
        Ledger ledger = new Ledger();
        RegistrationClient client = new RegistrationClient(commandSide.api(), ledger);
        try (RegistrationLoad load = RegistrationLoad.start(client, RUN, CLIENTS, PACE)) {
            awaitAcknowledged(ledger, 200);
            querySide.kill();
            long killed = System.nanoTime();
            int atKill = ledger.acknowledged();
            // the load goes on while no query side projects it
            awaitAcknowledged(ledger, atKill + 300);
            querySide = querySide.relaunch("query-side-restarted").awaitHealthy(Duration.ofSeconds(90));
            report.count("acknowledged when killed", atKill)
                    .count("acknowledged while no query side ran", ledger.acknowledged() - atKill)
                    .count("kill to healthy again (ms)", CatchUp.millis(Duration.ofNanos(System.nanoTime() - killed)));
            awaitAcknowledged(ledger, ledger.acknowledged() + 200);
            load.stop();
        }
        Reckoning.errorsStoredNothing(report, ledger, StoreAudit.read(db, RUN, true));
        report.count("retried under the same key", client.retryUnacknowledged(Duration.ofSeconds(60)));
        Duration catchUp = CatchUp.awaitPosition(querySide, ISSUER, ledger.newestPosition(), Duration.ofSeconds(90));
        report.count("restarted query side caught up after the load (ms)", CatchUp.millis(catchUp));
        Reckoning.acknowledgedWritesKept(report, ledger, StoreAudit.read(db, RUN, true), true);
        db.sql("CREATE TABLE users_after_live_kill AS TABLE users").update();
        report.count("rows in the table after the kill", count("SELECT COUNT(*) FROM users_after_live_kill"));
    }

    private static void killedWhileReplaying(FaultReport report) {
        JsonNode started = startReplay();
        long head = started.get("head").asLong();
        JsonNode atKill = await("the replay to pass a quarter of the log").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(PostgresQuerySideKillIT::status, status -> status.get("replaying").asBoolean()
                        && status.get("position").asLong() >= head / 4);
        querySide.kill();
        long killed = System.nanoTime();
        report.count("events in the log", count("SELECT COUNT(*) FROM domain_event_entry"))
                .count("replay position at the kill, of the head", atKill.get("position").asLong() + " of " + head);
        querySide = querySide.relaunch("query-side-restarted-in-replay").awaitHealthy(Duration.ofSeconds(90));
        report.count("kill to healthy again (ms)", CatchUp.millis(Duration.ofNanos(System.nanoTime() - killed)));
        // before the dead process's claims expire, the status is the committed tokens: where the replay goes on from
        JsonNode resumed = status();
        report.count("committed replay position the restarted side goes on from", resumed.get("position").asLong())
                .check(resumed.get("replaying").asBoolean(), "the restarted query side did not report the replay");
        awaitProjected(Duration.ofSeconds(180));
        report.count("kill to the replay finished (ms)", CatchUp.millis(Duration.ofNanos(System.nanoTime() - killed)));
        db.sql("CREATE TABLE users_after_killed_replay AS TABLE users").update();
        report.count("rows in the table after the killed replay", count("SELECT COUNT(*) FROM users_after_killed_replay"));
    }

    /** Asks the query side to replay the users projection, as an operator does; where it stands as it starts. */
    private static JsonNode startReplay() {
        Api.Response started = querySide.api().call("POST", USERS + "/replay", null, SUPERUSER);
        if (started.status() != 202) {
            throw new IllegalStateException("the replay did not start: " + started.status() + " " + started.body());
        }
        return started.json();
    }

    private static JsonNode status() {
        return querySide.api().get(USERS, SUPERUSER).json();
    }

    /** Until the users projection is no longer replaying and has applied the whole log. */
    private static void awaitProjected(Duration atMost) {
        await("the users projection to have applied the whole log").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode status = status();
                    return !status.get("replaying").asBoolean() && status.get("lag").asLong() == 0;
                });
    }

    private static void awaitAcknowledged(Ledger ledger, int count) {
        await(count + " registrations to be acknowledged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> ledger.acknowledged() >= count);
    }

    /** Rows of the snapshot not in the users table, and rows of the users table not in the snapshot: all columns. */
    private static long differingRows(String snapshot) {
        return count("SELECT (SELECT COUNT(*) FROM (TABLE " + snapshot + " EXCEPT TABLE users) AS missing) "
                + "+ (SELECT COUNT(*) FROM (TABLE users EXCEPT TABLE " + snapshot + ") AS extra)");
    }

    private static long count(String sql) {
        return db.sql(sql).query(Long.class).single();
    }
}
