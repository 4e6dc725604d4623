package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Logs;
import dev.accounts.query.support.QuerySide;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.query.support.ThrowawayPostgres;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * PostgreSQL stopped and started again under load, with both sides running from their real jars. The server is a
 * throwaway cluster of the test's own ({@link ThrowawayPostgres}), never the shared one: stopped in fast mode (as
 * {@code pg_ctlcluster ... stop} and {@code restart} do), left down for a few seconds, and started again.
 *
 * <p>What holds, as clients see it: while the database is down, every registration and every read is answered
 * {@code 503} with {@code Retry-After} (a registration whose commit was cut off may instead be told its outcome is
 * unknown), each within about Hikari's connection timeout, never a hang or another 500; once it is back, both
 * sides serve again without being restarted (the query side's processor resumes on its own back-off); and the
 * clients' retries under the same Idempotency-Keys leave every registration stored exactly once.
 */
@Tag("faults")
class PostgresRestartIT {

    private static final String RUN = "restart-" + UUID.randomUUID().toString().substring(0, 6);
    private static final int CLIENTS = 8;
    /** One registration every 10 ms across the clients: 100 a second. */
    private static final Duration PACE = Duration.ofMillis(10);
    /** PostgreSQL is stopped once this many registrations are acknowledged... */
    private static final int STOP_AT = 200;
    /** ...stays down at least this long, and until the clients have met the outage... */
    private static final Duration DOWN = Duration.ofSeconds(5);
    /** ...and the load stops once this many more are acknowledged after the start. */
    private static final int AFTER_START = 150;
    /** Hikari's connection timeout on both sides, and how much later a 503 may come and still be "fast". */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static final TestIssuer ISSUER = TestIssuer.start();

    private static ThrowawayPostgres postgres;
    private static CommandSide commandSide;
    private static BootJar querySide;
    private static JdbcClient db;

    @BeforeAll
    static void bothSidesOnAPostgresOfTheirOwn() {
        postgres = ThrowawayPostgres.start();
        String url = postgres.createDatabase("accounts_faults");
        commandSide = CommandSide.start(url, postgres.user(), "");
        querySide = QuerySide.launch("query-side", url, postgres.user(), "", ISSUER.baseUrl(), Map.of())
                .awaitHealthy(Duration.ofSeconds(90));
        // a connection of its own for each audit query, so that none is left broken by the restart
        db = JdbcClient.create(new DriverManagerDataSource(url, postgres.user(), ""));
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(querySide, commandSide, postgres);
    }

    @Test
    void whileDownEveryRequestIsAFast503AndAfterwardsBothSidesServeAgainWithNothingLostOrTwice() {
        FaultReport report = new FaultReport("postgres-restart", "PostgreSQL (a throwaway cluster) stopped in fast mode "
                + "under a registration load (8 clients, 100/s) and reads of the users list, down " + DOWN.toSeconds()
                + " s at least, started again; neither side restarted");
        Ledger ledger = new Ledger();
        RegistrationClient client = new RegistrationClient(commandSide.api(), ledger);
        long commandPid = commandSide.process().pid();
        long queryPid = querySide.process().pid();

        long down;
        long up;
        try (RegistrationLoad load = RegistrationLoad.start(client, RUN, CLIENTS, PACE);
             Reads reads = Reads.start(querySide.api().withHeaders(ISSUER.staffAuthorization()))) {
            await(STOP_AT + " registrations to be acknowledged").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> ledger.acknowledged() >= STOP_AT);
            postgres.stopServer();
            down = System.nanoTime();
            await("the clients to meet the outage").pollDelay(DOWN).atMost(DOWN.plusSeconds(30))
                    .until(() -> count(ledger.allAnswers(), answer -> answer.sentNanos() > down) >= CLIENTS
                            && reads.since(down).size() >= 2);
            postgres.startServer();
            up = System.nanoTime();

            Answer firstAfter = await("a registration acknowledged after the start").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> firstAcknowledgedAfter(ledger, up), answer -> answer != null);
            report.count("database down (ms)", TimeUnit.NANOSECONDS.toMillis(up - down))
                    .count("start to the first registration acknowledged (ms)",
                            TimeUnit.NANOSECONDS.toMillis(firstAfter.answeredNanos() - up));
            CatchUp.awaitPosition(querySide, ISSUER, firstAfter.position(), Duration.ofSeconds(90));
            report.count("start to the query side showing it (ms)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up));
            await(AFTER_START + " registrations to be acknowledged after the start").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> count(ledger.allAnswers(), answer -> answer.outcome() == Outcome.ACKNOWLEDGED
                            && answer.sentNanos() > up) >= AFTER_START);
            load.stop();
            reads.stop();
            reportTheOutage(report, ledger, reads, down, up);
        }

        report.check(commandSide.process().isAlive() && commandSide.process().pid() == commandPid
                        && querySide.process().isAlive() && querySide.process().pid() == queryPid,
                "a side was restarted or died");
        Reckoning.errorsStoredNothing(report, ledger, StoreAudit.read(db, RUN, true));
        report.count("retried under the same key", client.retryUnacknowledged(Duration.ofSeconds(60)))
                .zero("acknowledged registrations answered differently when resent", client.resendAcknowledged());
        CatchUp.awaitPosition(querySide, ISSUER, ledger.newestPosition(), Duration.ofSeconds(60));
        Reckoning.acknowledgedWritesKept(report, ledger, StoreAudit.read(db, RUN, true), true);
        // Spring logs a failed commit whose rollback fails too as an error: the outcome-unknown case, answered as such
        report.count("errors logged (command side, query side)", errors(commandSide.output()) + errors(querySide.output()));
        report.publishAndAssert();
    }

    /** While the database was down: what registrations and reads were answered, and how fast. */
    private static void reportTheOutage(FaultReport report, Ledger ledger, Reads reads, long down, long up) {
        List<Answer> registrations = ledger.allAnswers().stream()
                .filter(answer -> answer.sentNanos() > down && answer.answeredNanos() < up).toList();
        List<Read> duringReads = reads.since(down).stream().filter(read -> read.answeredNanos() < up).toList();
        Map<String, Integer> registrationAnswers = new TreeMap<>();
        registrations.forEach(answer -> registrationAnswers.merge(answer.label(), 1, Integer::sum));
        Map<String, Integer> readAnswers = new TreeMap<>();
        duringReads.forEach(read -> readAnswers.merge(Integer.toString(read.status()), 1, Integer::sum));
        long slowestRegistration = registrations.stream().mapToLong(Answer::millis).max().orElse(0);
        long slowestRead = duringReads.stream().mapToLong(Read::millis).max().orElse(0);
        long fastEnough = CONNECTION_TIMEOUT.plus(SLACK).toMillis();
        report.count("registrations answered while down", registrationAnswers)
                .count("slowest registration while down (ms)", slowestRegistration)
                .count("reads answered while down", readAnswers)
                .count("slowest read while down (ms)", slowestRead)
                .check(!registrations.isEmpty() && registrations.stream().allMatch(answer ->
                                answer.outcome() == Outcome.OUTCOME_UNKNOWN || answer.outcome() == Outcome.UNAVAILABLE
                                        && "1".equals(answer.retryAfter())),
                        "a registration while down was not answered 503 with Retry-After (or outcome unknown)")
                .check(!duringReads.isEmpty() && duringReads.stream().allMatch(read -> read.status() == 503
                        && "1".equals(read.retryAfter())), "a read while down was not answered 503 with Retry-After")
                .check(slowestRegistration <= fastEnough && slowestRead <= fastEnough,
                        "an answer while down took more than " + fastEnough + " ms")
                .zero("reads answered other than 200 or 503 at any time",
                        reads.all().stream().filter(read -> read.status() != 200 && read.status() != 503).count());
    }

    private static Answer firstAcknowledgedAfter(Ledger ledger, long nanoTime) {
        return ledger.allAnswers().stream()
                .filter(answer -> answer.outcome() == Outcome.ACKNOWLEDGED && answer.sentNanos() > nanoTime)
                .min((a, b) -> Long.compare(a.answeredNanos(), b.answeredNanos())).orElse(null);
    }

    private static long count(List<Answer> answers, Predicate<Answer> which) {
        return answers.stream().filter(which).count();
    }

    private static long errors(String output) {
        return Logs.errorsAndAxonWarnings(output).stream().filter(line -> line.contains(" ERROR ")).count();
    }

    /** One read of the users list: its status ({@code 0}: no answer) and {@code Retry-After}, and when. */
    private record Read(int status, String retryAfter, long sentNanos, long answeredNanos) {

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredNanos - sentNanos);
        }
    }

    /** A staff client reading the first page of users every 50 ms (after a 503, its Retry-After), until stopped. */
    private static final class Reads implements AutoCloseable {

        private final Api api;
        private final Queue<Read> reads = new ConcurrentLinkedQueue<>();
        private final ScheduledThreadPoolExecutor reader = new ScheduledThreadPoolExecutor(1,
                runnable -> new Thread(runnable, "faults-reader"));

        private Reads(Api api) {
            this.api = api;
            // once stopped, a read in flight finishes and the next one, already scheduled, is dropped
            reader.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        static Reads start(Api api) {
            Reads reads = new Reads(api);
            reads.reader.execute(reads::read);
            return reads;
        }

        /** One read, then the next one scheduled at the client's pace. */
        private void read() {
            long sent = System.nanoTime();
            Read read;
            try {
                Api.Response response = api.get("/api/users?page_size=1");
                read = new Read(response.status(), response.header("Retry-After"), sent, System.nanoTime());
            } catch (UncheckedIOException noAnswer) {
                read = new Read(0, null, sent, System.nanoTime());
            }
            reads.add(read);
            long pause = read.retryAfter() != null ? TimeUnit.SECONDS.toMillis(Long.parseLong(read.retryAfter())) : 50;
            try {
                reader.schedule(this::read, pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the client has stopped
            }
        }

        List<Read> all() {
            return List.copyOf(reads);
        }

        List<Read> since(long nanoTime) {
            return reads.stream().filter(read -> read.sentNanos() > nanoTime).toList();
        }

        void stop() {
            reader.shutdown();
            try {
                reader.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
