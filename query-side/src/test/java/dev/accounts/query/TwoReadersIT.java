package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Logs;
import dev.accounts.query.support.QuerySide;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Several readers on PostgreSQL: two query-side processes share the {@code users} processor through the claims
 * in {@code token_entry}; one is killed ({@code kill -9}) while users are being registered, and the other takes
 * its segments over.
 *
 * <p>What holds, and is asserted: the processor runs as many threads as it has segments, so the process that
 * starts first claims both segments and the second stands by, owning none (Axon 4's tracking processor does not
 * balance segments between processes). The owner is the one killed. Its claims are never released, so they
 * expire {@code axon.eventhandling.tokenstore.claim-timeout} (5 s here, 10 s by default) after their last
 * extension; the standby, which tries to claim every {@code token-claim-interval} (1 s, as configured for
 * production), then owns both segments and goes on from the last committed tokens.
 *
 * <p>Nothing skipped and nothing applied twice: the {@code users} table ends with exactly the users the clients
 * got a 201 for, each with the position and time of its event in the log, and no email twice. Because rows and
 * tokens commit together, a crash alone redelivers nothing; so the test makes the redelivery that a lost token
 * commit would cause certain: between the kill and the takeover it sets the dead owner's tokens back to where
 * they stood a few hundred registrations earlier. The survivor then applies those events again over rows that
 * already hold them, and every such row must be exactly as the killed process wrote it.
 *
 * <p>Everything runs from the real jars as separate processes: the command side and two query sides, each on
 * its own port and under its own Axon node name (the owner in {@code token_entry}: the JVM's {@code pid@host}).
 */
class TwoReadersIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROCESSOR = "users";

    /** Set for both readers; production keeps Axon's 10 s. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);
    /** {@code axon.eventhandling.processors.users.token-claim-interval} in application.yml, not overridden here. */
    private static final Duration TOKEN_CLAIM_INTERVAL = Duration.ofSeconds(1);

    private static final int REGISTRATIONS = 1500;
    private static final int CLIENTS = 4;
    /** One registration every 10 ms across all clients: 1,500 in about 15 s. */
    private static final Duration PACE = Duration.ofMillis(10);
    /** The load stops here whatever it has done, so that a slow machine cannot make it run on. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(40);
    /** The tokens are copied once this many users are registered, and the owner is killed at the second count. */
    private static final int CHECKPOINT_AT = 300;
    private static final int KILL_AT = 600;

    /** Issues the staff token the readers' list needs; they verify it through its JWKS. */
    private static final TestIssuer ISSUER = TestIssuer.start();

    private static String url;
    private static CommandSide commandSide;
    private static BootJar readerA;
    private static BootJar readerB;
    private static Load load;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient db;

    @BeforeAll
    static void commandSideOnAFreshDatabase() {
        url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        dataSource = new SingleConnectionDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), true);
        db = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stopEverything() {
        if (load != null) {
            load.clients.shutdownNow();
        }
        BootJar.stopAll(readerB, readerA, commandSide);
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void aReaderKilledMidStreamIsTakenOverAndTheTableEndsCompleteWithoutDuplicates() throws Exception {
        long testStarted = System.nanoTime();

        // the first reader initialises the processor's two segments and claims both
        readerA = startReader("reader-a").awaitHealthy(Duration.ofSeconds(90));
        await("reader-a to claim both segments").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ownedBy(readerA, tokens()));
        assertThat(tokens()).as("segments of the users processor").hasSize(2);

        // the second reader finds both claimed: it stands by, retrying every token-claim interval
        readerB = startReader("reader-b").awaitHealthy(Duration.ofSeconds(90));
        // through three of its claim attempts, reader-a keeps both segments
        await("reader-a to keep both segments while reader-b stands by")
                .during(TOKEN_CLAIM_INTERVAL.multipliedBy(3)).atMost(TOKEN_CLAIM_INTERVAL.multipliedBy(6))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ownedBy(readerA, tokens()));
        assertThat(tokens()).as("claims while both readers run: the first owns both segments, the second none")
                .allSatisfy(token -> assertThat(token.owner()).startsWith(readerA.process().pid() + "@"));
        assertThat(readerA.process().pid()).isNotEqualTo(readerB.process().pid());
        assertThat(readerB.output()).doesNotContain("Worker assigned to segment");
        System.out.println("Readers up after " + millisSince(testStarted) + " ms; segments owned by reader-a ("
                + tokens().get(0).owner() + "); reader-b stands by");

        load = new Load();
        load.start();

        await("registrations to reach " + CHECKPOINT_AT).atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(10))
                .until(() -> load.done() >= CHECKPOINT_AT || load.finished());
        List<Token> checkpoint = tokens();
        assertThat(checkpoint).as("tokens at the checkpoint").allSatisfy(token -> assertThat(token.token()).isNotNull());
        await("registrations to reach " + KILL_AT).atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(10))
                .until(() -> load.done() >= KILL_AT || load.finished());
        assertThat(load.finished()).as("the load still running at the kill").isFalse();

        // kill -9 the owner mid-stream, and wait until PostgreSQL has ended its sessions (and with them any
        // transaction it had open), so that what it committed is final
        String deadOwner = tokens().get(0).owner();
        assertThat(readerSessions("reader-a")).as("reader-a's database sessions before the kill").isPositive();
        int registeredAtKill = load.done();
        readerA.kill();
        long killed = System.nanoTime();
        Instant killedAt = Instant.now();
        await("reader-a's database sessions to end").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> readerSessions("reader-a") == 0);
        List<Token> atKill = tokens();
        assertThat(atKill).as("claims right after the kill, before they expire")
                .allSatisfy(token -> assertThat(token.owner()).isEqualTo(deadOwner));
        Map<UUID, UserRow> rowsAtKill = rows();

        // make the takeover redeliver: the dead owner's tokens go back to the checkpoint (only while it still
        // holds the claims, so the survivor has not started yet)
        for (Token token : checkpoint) {
            int updated = db.sql("UPDATE token_entry SET token = ?, token_type = ? "
                            + "WHERE processor_name = ? AND segment = ? AND owner = ?")
                    .params(token.token(), token.tokenType(), PROCESSOR, token.segment(), deadOwner).update();
            assertThat(updated).as("segment %d rewound while still claimed by the dead reader", token.segment()).isEqualTo(1);
        }
        long newestCheckpoint = checkpoint.stream().mapToLong(Token::index).max().orElseThrow();
        long oldestAtKill = atKill.stream().mapToLong(Token::index).min().orElseThrow();
        List<UserRow> redelivered = rowsAtKill.values().stream()
                .filter(row -> row.lastEventPosition() > newestCheckpoint && row.lastEventPosition() <= oldestAtKill)
                .toList();
        assertThat(redelivered).as("users the dead reader had applied after the checkpoint").isNotEmpty();

        // the survivor takes every segment over once the claims have expired
        await("reader-b to own every segment").atMost(CLAIM_TIMEOUT.plus(TOKEN_CLAIM_INTERVAL).plusSeconds(10))
                .pollInterval(Duration.ofMillis(20)).until(() -> ownedBy(readerB, tokens()));
        long takeover = millisSince(killed);
        Instant lastClaim = atKill.stream().map(Token::claimed).max(Instant::compareTo).orElseThrow();
        long afterExpiry = Duration.between(lastClaim.plus(CLAIM_TIMEOUT), Instant.now()).toMillis();
        System.out.printf("Takeover: reader-b owned both segments %d ms after reader-a was killed (claim timeout %d ms; "
                        + "last claim extension %d ms before the kill, so %d ms after the claims expired); "
                        + "%d users registered at the kill, %d to be redelivered%n",
                takeover, CLAIM_TIMEOUT.toMillis(), Duration.between(lastClaim, killedAt).toMillis(), afterExpiry,
                registeredAtKill, redelivered.size());
        assertThat(Duration.ofMillis(takeover)).as("takeover time")
                .isLessThanOrEqualTo(CLAIM_TIMEOUT.plus(TOKEN_CLAIM_INTERVAL).plusSeconds(2));
        for (Token token : checkpoint) {
            // logged by the segment's worker once it has opened its stream, just after the claim
            await("reader-b to resume segment " + token.segment() + " from the rewound token")
                    .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(readerB.output())
                            .containsPattern("Fetched token: GapAwareTrackingToken\\{index=" + token.index()
                                    + ",.* for segment: Segment\\[" + token.segment() + "/1\\]"));
        }

        // the load ends; the survivor catches up with the whole log
        load.awaitEnd();
        System.out.printf("Load: %d registrations in %d ms from %d clients; %d failed%n",
                load.done(), load.durationMillis(), CLIENTS, load.failures().size());
        assertThat(load.failures()).as("failed registrations").isEmpty();
        assertThat(load.registered()).hasSize(REGISTRATIONS);
        long caughtUpFrom = System.nanoTime();
        await("reader-b to apply position " + load.newestPosition()).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> readerB.api().withHeaders(ISSUER.staffAuthorization())
                        .get("/api/users", "X-Min-Position", Long.toString(load.newestPosition()))
                        .status() == 200);
        System.out.println("reader-b had applied the whole log " + millisSince(caughtUpFrom) + " ms after the last registration");

        // exactly one row per 201, no email twice
        Map<UUID, UserRow> rows = rows();
        assertThat(rows.keySet()).as("ids in the users table versus the ids of 201 answers")
                .containsExactlyInAnyOrderElementsOf(load.registered().keySet());
        assertThat(db.sql("SELECT COUNT(*) FROM users").query(Long.class).single()).isEqualTo(REGISTRATIONS);
        assertThat(db.sql("SELECT COUNT(DISTINCT LOWER(email)) FROM users").query(Long.class).single()).isEqualTo(REGISTRATIONS);
        assertThat(db.sql("SELECT COUNT(DISTINCT LOWER(username)) FROM users").query(Long.class).single()).isEqualTo(REGISTRATIONS);
        rows.values().forEach(row -> assertThat(row.email()).isEqualTo(load.registered().get(row.id())));

        // each row carries the position and time of its user's event in the log
        Map<UUID, LoggedEvent> events = openingEvents();
        assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(rows.keySet());
        for (UserRow row : rows.values()) {
            LoggedEvent event = events.get(row.id());
            assertThat(row.lastEventPosition()).as("last_event_position of %s", row.id()).isEqualTo(event.position());
            assertThat(Duration.between(event.time(), row.dateJoined()).abs()).as("date_joined of %s", row.id())
                    .isLessThan(Duration.ofNanos(1000));
        }

        // the events applied twice (by the dead reader, then by the survivor) changed nothing
        for (UserRow before : rowsAtKill.values()) {
            assertThat(rows.get(before.id())).as("row of %s after the takeover", before.id()).isEqualTo(before);
        }

        Logs.assertNoErrorsOrAxonWarnings(readerB.output());
        Logs.assertNoErrorsOrAxonWarnings(commandSide.output());
        assertThat(readerB.output()).doesNotContain(PASSWORD);
        System.out.println("TwoReadersIT scenario took " + millisSince(testStarted) + " ms");
    }

    private static BootJar startReader(String name) {
        // the application name tells this reader's sessions apart in pg_stat_activity
        return QuerySide.launch(name, url + "?ApplicationName=" + name, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword(), ISSUER.baseUrl(),
                Map.of("AXON_EVENTHANDLING_TOKENSTORE_CLAIMTIMEOUT", CLAIM_TIMEOUT.toSeconds() + "s"));
    }

    private static long readerSessions(String name) {
        return db.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?")
                .param(name).query(Long.class).single();
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /** One segment's row in token_entry. */
    private record Token(int segment, byte[] token, String tokenType, String owner, Instant claimed) {

        /** The global position the token has reached (a gap-aware token's index). */
        long index() {
            assertThat(tokenType).as("token type of segment %d", segment).isEqualTo("org.axonframework.eventhandling.GapAwareTrackingToken");
            return Api.JSON.readTree(token).get("index").asLong();
        }
    }

    private static List<Token> tokens() {
        return db.sql("SELECT segment, token, token_type, owner, timestamp FROM token_entry WHERE processor_name = ? ORDER BY segment")
                .param(PROCESSOR)
                .query((row, number) -> new Token(row.getInt(1), row.getBytes(2), row.getString(3), row.getString(4),
                        Instant.parse(row.getString(5))))
                .list();
    }

    private static boolean ownedBy(BootJar reader, List<Token> tokens) {
        return !tokens.isEmpty() && tokens.stream().allMatch(token -> token.owner() != null
                && token.owner().startsWith(reader.process().pid() + "@"));
    }

    private record UserRow(UUID id, String email, String emailDomain, String username, String firstName, String lastName,
                           boolean active, boolean staff, boolean superuser, Instant dateJoined, Instant lastLogin,
                           long lastEventPosition) {
    }

    private static Map<UUID, UserRow> rows() {
        return db.sql("SELECT id, email, email_domain, username, first_name, last_name, is_active, is_staff, is_superuser, "
                        + "date_joined, last_login, last_event_position FROM users")
                .query((row, number) -> new UserRow(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getBoolean(7), row.getBoolean(8),
                        row.getBoolean(9), row.getObject(10, OffsetDateTime.class).toInstant(),
                        row.getObject(11, OffsetDateTime.class) == null ? null : row.getObject(11, OffsetDateTime.class).toInstant(),
                        row.getLong(12)))
                .list().stream().collect(Collectors.toMap(UserRow::id, Function.identity()));
    }

    private record LoggedEvent(UUID userId, long position, Instant time) {
    }

    /** The event that opened each account, from the log itself; fails if an account has two. */
    private static Map<UUID, LoggedEvent> openingEvents() {
        return db.sql("SELECT aggregate_identifier, global_index, time_stamp FROM domain_event_entry "
                        + "WHERE payload_type IN ('dev.accounts.events.UserRegistered', 'dev.accounts.events.SuperuserCreated')")
                .query((row, number) -> new LoggedEvent(UUID.fromString(row.getString(1)), row.getLong(2),
                        Instant.parse(row.getString(3))))
                .list().stream().collect(Collectors.toMap(LoggedEvent::userId, Function.identity()));
    }

    /**
     * {@link #REGISTRATIONS} registrations through the command side's API from {@link #CLIENTS} threads, paced
     * at one per {@link #PACE}, and stopped after {@link #LOAD_LIMIT} at the latest.
     */
    private static final class Load {

        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicLong newestPosition = new AtomicLong(-1);
        private final Map<UUID, String> registered = new ConcurrentHashMap<>();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private volatile long started;
        private volatile long ended;

        void start() {
            started = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(this::client);
            }
            clients.shutdown();
        }

        private void client() {
            for (int k = next.getAndIncrement(); k < REGISTRATIONS; k = next.getAndIncrement()) {
                long due = started + k * PACE.toNanos();
                if (due - started > LOAD_LIMIT.toNanos() || System.nanoTime() - started > LOAD_LIMIT.toNanos()) {
                    failures.add("registration " + k + " not sent: the load ran past " + LOAD_LIMIT);
                    continue;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                String email = "Reader" + k + "." + RUN + "@Example.com";
                try {
                    Api.Response response = commandSide.register(email, "reader" + k + "-" + RUN, PASSWORD, "Reader", "No. " + k);
                    if (response.status() == 201) {
                        registered.put(UUID.fromString(response.json().get("id").asString()), "Reader" + k + "." + RUN + "@example.com");
                        newestPosition.accumulateAndGet(Long.parseLong(response.header("X-Event-Position")), Math::max);
                    } else {
                        failures.add("registration " + k + ": " + response.status() + " " + response.body());
                    }
                } catch (UncheckedIOException | IllegalStateException e) {
                    failures.add("registration " + k + ": " + e);
                }
                done.incrementAndGet();
            }
            ended = System.nanoTime();
        }

        int done() {
            return done.get();
        }

        boolean finished() {
            return clients.isTerminated();
        }

        void awaitEnd() throws InterruptedException {
            assertThat(clients.awaitTermination(LOAD_LIMIT.toSeconds() + 30, TimeUnit.SECONDS)).as("the load ended").isTrue();
        }

        long durationMillis() {
            return TimeUnit.NANOSECONDS.toMillis(ended - started);
        }

        long newestPosition() {
            return newestPosition.get();
        }

        Map<UUID, String> registered() {
            return new HashMap<>(registered);
        }

        List<String> failures() {
            return new ArrayList<>(failures);
        }
    }
}
