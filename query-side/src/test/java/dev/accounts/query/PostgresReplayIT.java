package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserEvent;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.log.RecentPositions;
import dev.accounts.query.support.Commands;
import dev.accounts.query.support.Migrations;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Replays and dead letters on PostgreSQL, in a database of its own: thousands of accounts appended through
 * Axon's event store as the command side appends them, the users projection built live and rebuilt over HTTP
 * and by {@code ./accounts replay users}, and a poison event dead-lettered, fixed and retried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "accounts.read-your-writes.max-wait=1s")
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresReplayIT {

    private static final int ACCOUNTS = 3_000;
    private static final String REPLAYING = "X-Projection-Replaying";
    /** Every column of every row, in id order: two tables with the same checksum hold the same rows. */
    private static final String CHECKSUM = "SELECT md5(COALESCE(string_agg(u::text, '|' ORDER BY u.id), '')) FROM users u";

    private static String url;
    private static UUID lastAccount;
    private static long lastPosition;
    private static UUID poisoned;
    private static String poisonEmail;

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSchema eventSchema;
    @Autowired
    RecentPositions recentPositions;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    Serializer serializer;

    Api api;

    /** Issues the tokens the API needs; the query side verifies them through its JWKS. */
    private static final TestIssuer ISSUER = TestIssuer.start();
    /** What the replay command may send as ACCOUNTS_ACCESS_TOKEN: a superuser's token, as createsuperuser's would be. */
    private static final String SUPERUSER_TOKEN = ISSUER.token(UUID.randomUUID(), "staff", "superuser");
    private static final String REPLAY_STARTED = "Replaying the users projection from the start of the log";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("accounts.auth.jwk-set-uri", ISSUER::jwkSetUri);
        url = Migrations.freshPostgresWithTheLog(registry);
    }

    @BeforeEach
    void client() {
        api = new Api(port).withHeaders("Authorization", "Bearer " + SUPERUSER_TOKEN);
    }

    private static EventMessage<?> created(UserEvent event) {
        return new GenericDomainEventMessage<>("User", event.userId().toString(), 0, event,
                MetaData.with("actor", event instanceof SuperuserCreated ? "cli" : event.userId().toString()));
    }

    /** Accounts as the command side appends them: one aggregate each, every tenth a superuser. */
    private static List<EventMessage<?>> accounts(String prefix, int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String name = prefix + i;
            events.add(created(i % 10 == 9
                    ? new SuperuserCreated(id, name + "@example.org", name, "", "")
                    : new UserRegistered(id, name + "@Example.com", name, "First " + i, i % 3 == 0 ? "" : "Last " + i)));
        }
        return events;
    }

    private void append(List<EventMessage<?>> events) {
        for (int from = 0; from < events.size(); from += 500) {
            eventStore.publish(events.subList(from, Math.min(events.size(), from + 500)));
        }
    }

    private long positionOf(UUID account) {
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(account.toString()).query(Long.class).single();
    }

    private String checksum() {
        return jdbc.sql(CHECKSUM).query(String.class).single();
    }

    private JsonNode users() {
        Api.Response response = api.get("/api/projections/users");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitCaughtUp() {
        long head = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).single();
        await("the users projection to catch up with position " + head).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !users().get("replaying").asBoolean() && users().get("position").asLong() >= head);
        return users();
    }

    private static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/" + type);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    private static void assertRefused(Api.Response response, int status, String detail) {
        assertProblem(response, status, status == 401 ? "unauthorized" : "forbidden");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
    }

    @Test
    @Order(1)
    void showsWhereTheProjectionStandsOnceItHasBuiltThousandsOfAccountsLive() {
        List<EventMessage<?>> events = accounts("live", ACCOUNTS);
        append(events);
        lastAccount = ((UserEvent) events.get(events.size() - 1).getPayload()).userId();
        lastPosition = positionOf(lastAccount);

        JsonNode users = awaitCaughtUp();

        assertThat(users.get("name").asString()).isEqualTo("users");
        assertThat(users.get("head").asLong()).isEqualTo(lastPosition);
        assertThat(users.get("position").asLong()).isEqualTo(lastPosition);
        assertThat(users.get("lag").asLong()).isZero();
        assertThat(users.get("replaying").asBoolean()).isFalse();
        assertThat(users.get("dead_letters").asLong()).isZero();
        assertThat(users.get("events_per_second").isNumber()).isTrue();
        assertThat(users.get("segments")).hasSize(2).allSatisfy(segment -> {
            assertThat(segment.get("position").asLong()).isEqualTo(lastPosition);
            assertThat(segment.get("owner").asString()).isNotBlank();
        });
        Api.Response list = api.get("/api/projections");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header(REPLAYING)).isNull();
        assertThat(list.json().get("projections")).singleElement()
                .satisfies(projection -> assertThat(projection.get("name").asString()).isEqualTo("users"));
        assertThat(api.get("/api/users?page_size=1").json().get("count").asLong()).isEqualTo(ACCOUNTS);
        // the storage engine noted where the events it read stand, so the projection looked none up
        String lastEvent = jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE global_index = ?")
                .param(lastPosition).query(String.class).single();
        assertThat(recentPositions.of(lastEvent)).hasValue(lastPosition);
        assertProblem(api.get("/api/projections/orders"), 404, "not-found");
        assertProblem(api.post("/api/projections/orders/replay"), 404, "not-found");
    }

    @Test
    @Order(2)
    void readingTheProjectionsNeedsStaffAndReplayingOrRetryingASuperuser(CapturedOutput output) {
        Api anonymous = new Api(port);
        Api user = new Api(port).withHeaders(ISSUER.authorization());
        Api staff = new Api(port).withHeaders(ISSUER.staffAuthorization());
        Api superuser = new Api(port).withHeaders(ISSUER.authorization("superuser"));
        String noToken = "Authentication is required: send an access token as 'Authorization: Bearer <token>'.";
        String before = checksum();

        for (String path : List.of("/api/projections", "/api/projections/users", "/api/projections/orders")) {
            assertRefused(anonymous.get(path), 401, noToken);
            assertRefused(user.get(path), 403, "Only staff may read the projections.");
        }
        for (Api reader : List.of(staff, superuser)) {
            assertThat(reader.get("/api/projections").status()).isEqualTo(200);
            assertThat(reader.get("/api/projections/users").json().get("name").asString()).isEqualTo("users");
        }
        for (String path : List.of("/api/projections/users/replay", "/api/projections/users/dead-letters/retry")) {
            assertRefused(anonymous.post(path), 401, noToken);
            assertRefused(user.post(path), 403, "Only superusers may replay a projection or retry its dead letters.");
            assertRefused(staff.post(path), 403, "Only superusers may replay a projection or retry its dead letters.");
        }
        assertRefused(new Api(port).withHeaders("Authorization", "Bearer " + SUPERUSER_TOKEN + "x")
                .post("/api/projections/users/replay"), 401, "The access token is invalid or has expired.");

        assertThat(users().get("replaying").asBoolean()).as("no replay started").isFalse();
        assertThat(output.getAll()).doesNotContain(REPLAY_STARTED, "Retried the dead letters");
        assertThat(checksum()).isEqualTo(before);
        // a superuser without staff status may do it all (the 202 of a replay: the next test)
        assertThat(superuser.post("/api/projections/users/dead-letters/retry").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aReplayOverHttpRebuildsATableIdenticalRowForRowWhileReadsKeepAnsweringAndSaySo() throws Exception {
        String live = checksum();
        List<String> indexes = indexes();

        Api.Response started = api.post("/api/projections/users/replay");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.header("Location")).isEqualTo("/api/projections/users");
        assertThat(started.header(REPLAYING)).isEqualTo("true");
        assertThat(started.json().get("replaying").asBoolean()).isTrue();
        assertThat(started.json().get("head").asLong()).isEqualTo(lastPosition);
        // hold the replay still: inserts wait on this lock, reads do not
        try (Connection holder = DriverManager.getConnection(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
             Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("LOCK TABLE users IN SHARE MODE");

            JsonNode replaying = users();
            assertThat(replaying.get("replaying").asBoolean()).isTrue();
            // the rows go in without the indexes only reads use; they are built again once it has caught up
            assertThat(indexes()).containsExactly("users_pkey");
            assertThat(replaying.get("position").asLong()).isLessThan(lastPosition);
            assertThat(replaying.get("lag").asLong()).isPositive();
            Api.Response page = api.get("/api/users?page_size=5");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header(REPLAYING)).isEqualTo("true");
            assertThat(page.json().get("count").asLong()).isLessThan(ACCOUNTS);
            assertThat(api.get("/api/projections").header(REPLAYING)).isEqualTo("true");
            Api.Response unknown = api.get("/api/users/" + UUID.randomUUID());
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.header(REPLAYING)).isEqualTo("true");
            // reading one's own write waits for the replay to re-apply it, rather than answer without it
            Api.Response ownWrite = api.get("/api/users/" + lastAccount, "X-Min-Position", Long.toString(lastPosition));
            assertProblem(ownWrite, 503, "projection-behind");
            assertThat(ownWrite.header(REPLAYING)).isEqualTo("true");
            Api.Response again = api.post("/api/projections/users/replay");
            assertProblem(again, 409, "replay-in-progress");
            holder.rollback();
        }

        // a client that retries as told (503, Retry-After) reads its write once the replay has re-applied it, never a 404
        AtomicReference<Api.Response> ownWrite = new AtomicReference<>();
        await("the replay to re-apply position " + lastPosition).atMost(Duration.ofSeconds(30)).until(() -> {
            ownWrite.set(api.get("/api/users/" + lastAccount, "X-Min-Position", Long.toString(lastPosition)));
            assertThat(ownWrite.get().status()).as(ownWrite.get().body()).isIn(200, 503);
            return ownWrite.get().status() == 200;
        });
        JsonNode rebuilt = awaitCaughtUp();

        assertThat(ownWrite.get().json().get("id").asString()).isEqualTo(lastAccount.toString());
        assertThat(rebuilt.get("lag").asLong()).isZero();
        assertThat(api.get("/api/users?page_size=1").header(REPLAYING)).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single()).isEqualTo(ACCOUNTS);
        assertThat(checksum()).isEqualTo(live);
        assertThat(indexes()).isEqualTo(indexes).hasSize(12);
    }

    /** The users table's indexes, by name. */
    private List<String> indexes() {
        return jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'users' ORDER BY indexname")
                .query(String.class).list();
    }

    @Test
    @Order(4)
    void aPoisonEventIsDeadLetteredAndTheEventsAfterItAreStillApplied(CapturedOutput output) {
        poisoned = UUID.randomUUID();
        // longer than users.email (VARCHAR(254)) holds: the projection cannot apply it as the schema stands
        poisonEmail = "p".repeat(270) + "@example.com";
        List<EventMessage<?>> before = accounts("before", 3);
        List<EventMessage<?>> after = accounts("after", 3);
        append(before);
        append(List.of(created(new UserRegistered(poisoned, poisonEmail, "poisoned", "", ""))));
        append(after);
        UUID lastAfter = ((UserEvent) after.get(2).getPayload()).userId();

        JsonNode users = awaitCaughtUp();

        for (EventMessage<?> event : before.subList(0, 3)) {
            assertThat(api.get("/api/users/" + ((UserEvent) event.getPayload()).userId()).status()).isEqualTo(200);
        }
        for (EventMessage<?> event : after) {
            assertThat(api.get("/api/users/" + ((UserEvent) event.getPayload()).userId()).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/users/" + poisoned).status()).isEqualTo(404);
        assertThat(users.get("dead_letters").asLong()).isEqualTo(1);
        assertThat(users.get("lag").asLong()).isZero();
        assertThat(output.getAll()).contains("The users projection failed on event", "puts it in the dead-letter queue",
                "value too long");

        // a replay meets the event again: still one dead letter, not two
        assertThat(api.post("/api/projections/users/replay").status()).isEqualTo(202);
        JsonNode replayed = awaitCaughtUp();
        assertThat(replayed.get("dead_letters").asLong()).isEqualTo(1);
        assertThat(api.get("/api/users/" + lastAfter).status()).isEqualTo(200);
        assertThat(api.get("/api/users/" + poisoned).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aRetryAfterTheCauseIsFixedAppliesTheEventAndEmptiesTheQueue() {
        Api.Response tooSoon = api.post("/api/projections/users/dead-letters/retry");
        assertThat(tooSoon.status()).as(tooSoon.body()).isEqualTo(200);
        assertThat(tooSoon.json().get("retried").asLong()).isEqualTo(1);
        assertThat(tooSoon.json().get("succeeded").asLong()).isZero();
        assertThat(tooSoon.json().get("dead_letters").asLong()).isEqualTo(1);

        // the fix: a wider column (in production, a query-side migration)
        jdbc.sql("ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320)").update();
        Api.Response retried = api.post("/api/projections/users/dead-letters/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("retried").asLong()).isEqualTo(1);
        assertThat(retried.json().get("succeeded").asLong()).isEqualTo(1);
        assertThat(retried.json().get("dead_letters").asLong()).isZero();
        Api.Response user = api.get("/api/users/" + poisoned);
        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(user.json().get("email").asString()).isEqualTo(poisonEmail);
        assertThat(users().get("dead_letters").asLong()).isZero();
    }

    @Test
    @Order(6)
    void theReplayCommandHasTheRunningQuerySideReplayAndFollowsItsProgress(CapturedOutput output) {
        String before = checksum();
        long head = users().get("head").asLong();

        Commands.Result replay = Commands.run(List.of("./accounts", "replay", "users"), Commands.environment(Map.of(
                "ACCOUNTS_QUERY_PORT", Integer.toString(port), "ACCOUNTS_DATA_DIR", dataDir.toString(),
                "ACCOUNTS_ACCESS_TOKEN", SUPERUSER_TOKEN)), Duration.ofSeconds(60));

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.stdout()).contains("Replaying the users projection by the query side at http://127.0.0.1:" + port,
                "Replaying users: ", " of " + head + " events",
                "Replayed the users projection: " + head + " events in ");
        assertThat(replay.stderr()).isEmpty();
        assertThat(output.getAll()).contains(REPLAY_STARTED);
        JsonNode users = users();
        assertThat(users.get("replaying").asBoolean()).isFalse();
        assertThat(users.get("position").asLong()).isGreaterThanOrEqualTo(head);
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void theReplayCommandStartsNothingWithoutASuperusersTokenAndSaysWhyInOneLine(CapturedOutput output) throws Exception {
        String server = "http://127.0.0.1:" + port;
        int commandPort = closedPort();
        String commandSide = "http://127.0.0.1:" + commandPort;

        // the script makes the command side's URL of its port, as ./accounts up runs it
        Commands.Result noCredentials = replayOnTheRunningSide(Map.of("ACCOUNTS_COMMAND_PORT", Integer.toString(commandPort)));
        Commands.Result staff = replayOnTheRunningSide(Map.of("ACCOUNTS_ACCESS_TOKEN", ISSUER.token(UUID.randomUUID(), "staff")));
        Commands.Result unreachable = replayOnTheRunningSide(Map.of("ACCOUNTS_COMMAND_URL", commandSide,
                "ACCOUNTS_SUPERUSER_EMAIL", "root@example.com", "ACCOUNTS_SUPERUSER_PASSWORD", "Tr0ub4dor&3-horse-staple"));

        assertRefusedInOneLine(noCredentials, "Error: the query side at " + server + " replays only for a superuser: set"
                + " ACCOUNTS_ACCESS_TOKEN to a superuser's access token, or ACCOUNTS_SUPERUSER_EMAIL and"
                + " ACCOUNTS_SUPERUSER_PASSWORD to log in at the command side (" + commandSide + ", or ACCOUNTS_COMMAND_URL)");
        assertRefusedInOneLine(staff, "Error: the query side at " + server + " refused the replay: Only superusers may"
                + " replay a projection or retry its dead letters.");
        assertRefusedInOneLine(unreachable, "Error: cannot reach the command side at " + commandSide + " to log in; set"
                + " ACCOUNTS_COMMAND_URL to where it answers, or ACCOUNTS_ACCESS_TOKEN to a superuser's access token"
                + " (java.net.ConnectException)");
        assertThat(output.getAll()).doesNotContain(REPLAY_STARTED);
        assertThat(users().get("replaying").asBoolean()).isFalse();
    }

    /** {@code ./accounts replay users} while this query side runs, with these settings besides. */
    private Commands.Result replayOnTheRunningSide(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("ACCOUNTS_QUERY_PORT", Integer.toString(port));
        environment.put("ACCOUNTS_DATA_DIR", dataDir.toString());
        return Commands.run(List.of("./accounts", "replay", "users"), Commands.environment(environment), Duration.ofSeconds(60));
    }

    private static void assertRefusedInOneLine(Commands.Result command, String line) {
        assertThat(command.exitCode()).as(command.toString()).isEqualTo(1);
        assertThat(command.stderr().lines()).as(command.toString()).containsExactly(line);
        assertThat(command.stdout()).as(command.toString()).isEmpty();
    }

    @Test
    @Order(8)
    void theReplayCommandRebuildsTheTableItselfWhenNoQuerySideIsRunning() throws Exception {
        String other = TestDatabases.freshPostgres();
        DataSource database = new DriverManagerDataSource(other, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        Migrations.migrateCommandSide(database, "postgresql");
        Flyway.configure().dataSource(database).locations("classpath:db/query/postgresql")
                .table("query_side_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        List<EventMessage<?>> events = accounts("offline", 200);
        JdbcEventStorageEngine.builder().connectionProvider(database::getConnection)
                .transactionManager(NoTransactionManager.instance()).schema(eventSchema)
                .eventSerializer(eventSerializer).snapshotSerializer(serializer).build()
                .appendEvents(events);
        JdbcClient otherTable = JdbcClient.create(database);
        // what a table built before a change to the read model looks like: a row out of date, a row of no account
        UUID first = ((UserEvent) events.get(0).getPayload()).userId();
        otherTable.sql("""
                INSERT INTO users (id, email, username, first_name, last_name, is_active, is_staff, is_superuser,
                                   date_joined, last_event_position)
                VALUES (?, 'stale@example.com', 'stale', 'Stale', '', false, false, false, now(), 1),
                       (?, 'ghost@example.com', 'ghost', '', '', true, false, false, now(), 1)""")
                .params(first, UUID.randomUUID()).update();

        Commands.Result replay = Commands.run(List.of("./accounts", "replay", "users"), Commands.environment(Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres", "SPRING_DATASOURCE_URL", other,
                "SPRING_DATASOURCE_USERNAME", TestDatabases.postgresUser(),
                "SPRING_DATASOURCE_PASSWORD", TestDatabases.postgresPassword(),
                "ACCOUNTS_QUERY_PORT", Integer.toString(closedPort()), "ACCOUNTS_DATA_DIR", dataDir.toString())),
                Duration.ofSeconds(90));

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.stdout()).contains("Replaying the users projection in this process",
                "Replaying users: ", "Replayed the users projection: 200 events in ");
        assertThat(replay.stdout().lines().filter(line -> line.startsWith("Replaying users: ")))
                .as("plain progress lines, not a redrawn bar").isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("Replaying users: \\d+ of 200 events \\(\\d+%\\), \\d+ events/s.*"));
        assertThat(replay.stderr()).isEmpty();
        assertThat(otherTable.sql("SELECT COUNT(*) FROM users").query(Long.class).single()).isEqualTo(200);
        assertThat(otherTable.sql("SELECT COUNT(*) FROM users WHERE username = 'ghost'").query(Long.class).single()).isZero();
        assertThat(otherTable.sql("SELECT first_name || '|' || email_domain || '|' || is_active FROM users WHERE id = ?")
                .param(first).query(String.class).single()).isEqualTo("First 0|example.com|true");
        assertThat(otherTable.sql("SELECT COUNT(*) FROM token_entry WHERE owner IS NOT NULL").query(Long.class).single())
                .as("claims released as the command ends").isZero();
        assertThat(otherTable.sql("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'users'").query(Long.class).single())
                .as("the indexes dropped for the replay, built again before the command ends").isEqualTo(12);
    }

    @Test
    @Order(9)
    void theReplayCommandRefusesAnUnknownProjectionInOneLine() {
        Commands.Result replay = Commands.run(List.of("./accounts", "replay", "orders"), Commands.environment(Map.of(
                "ACCOUNTS_QUERY_PORT", Integer.toString(port), "ACCOUNTS_DATA_DIR", dataDir.toString())),
                Duration.ofSeconds(60));

        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.stderr().lines()).containsExactly("Error: unknown projection 'orders'; the projections are: users.");
        assertThat(replay.stdout()).isEmpty();
    }

    @Test
    @Order(10)
    void projectionCommitsDoNotWaitForTheDiskWhileTheEventLogsDo() throws Exception {
        // the read model is rebuilt from the log, so this side's transactions commit asynchronously
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("off");
        // a connection as the command side opens it (no init SQL) keeps the server's synchronous default
        try (Connection log = DriverManager.getConnection(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
             Statement statement = log.createStatement();
             var setting = statement.executeQuery("SHOW synchronous_commit")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("on");
        }
    }

    @Test
    @Order(11)
    void aReplayIsRunningUntilItsIndexesAreBuiltAgainAndAFailedBuildIsRetriedAfterAPause(CapturedOutput output) {
        // what a replay that has applied every event leaves while an index it dropped cannot be built again
        jdbc.sql("INSERT INTO deferred_index (index_name, table_name, definition) VALUES ('users_broken_idx', 'users',"
                + " 'CREATE INDEX users_broken_idx ON public.users USING btree (no_such_column)')").update();

        await("the failed build to be reported").atMost(Duration.ofSeconds(10))
                .until(() -> output.getOut().contains("Could not build the users table's indexes again; trying again in 30 s"));
        assertThat(users().get("replaying").asBoolean()).isTrue();
        assertThat(users().get("lag").asLong()).isZero();
        assertThat(api.get("/api/users?page_size=1").header(REPLAYING)).isEqualTo("true");
        assertProblem(api.post("/api/projections/users/replay"), 409, "replay-in-progress");
        assertThat(output.getOut().split("Could not build the users table's indexes again", -1))
                .as("one attempt, not one every check").hasSize(2);

        jdbc.sql("DELETE FROM deferred_index WHERE index_name = 'users_broken_idx'").update();

        await("the projection to be done").atMost(Duration.ofSeconds(10))
                .until(() -> !users().get("replaying").asBoolean());
        assertThat(api.get("/api/users?page_size=1").header(REPLAYING)).isNull();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
