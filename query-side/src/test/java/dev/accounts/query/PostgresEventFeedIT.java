package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.accounts.events.PasswordChanged;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.support.EventLog;
import dev.accounts.query.support.Migrations;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The event feed on PostgreSQL, in a database of its own with the command side's log: pages that resume without
 * a miss or a repeat, long-polling, Server-Sent Events resumed from Last-Event-ID, the events:read scope, positions
 * that commit out of order, and no internal event, hash or stray metadata ever served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "accounts.feed.gap-timeout=3s", "accounts.feed.heartbeat=1s", "accounts.feed.stream-timeout=3s"})
@ActiveProfiles("postgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresEventFeedIT {

    private static final TestIssuer ISSUER = TestIssuer.start();
    private static final String SERVICE_TOKEN = ISSUER.serviceToken("billing", "events:read");
    private static final Set<String> AUDIT_KEYS =
            Set.of("actor", "correlation_id", "causation_id", "client_address", "user_agent");
    private static final String HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$feedtesthash";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("accounts.auth.jwk-set-uri", ISSUER::jwkSetUri);
        Migrations.freshPostgresWithTheLog(registry);
    }

    @AfterAll
    static void stopTheIssuer() {
        ISSUER.close();
    }

    @BeforeEach
    void client() {
        api = new Api(port).withHeaders("Authorization", "Bearer " + SERVICE_TOKEN);
    }

    private static Map<String, String> metadata(UUID actor) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("actor", actor.toString());
        metadata.put("correlation_id", UUID.randomUUID().toString());
        metadata.put("trace_secret", "not-for-subscribers");
        return metadata;
    }

    /** A sign-up as the command side appends it; its position. */
    private long register() {
        UUID id = UUID.randomUUID();
        String name = "feed-" + id.toString().substring(0, 8);
        return EventLog.append(jdbc, new UserRegistered(id, name + "@example.com", name, "", ""), Instant.now(),
                metadata(id));
    }

    /** A public sign-up placed at a chosen position with a chosen time, as a transaction committing late would. */
    private void registerAt(long position, Instant time) {
        UUID id = UUID.randomUUID();
        String name = "gap-" + id.toString().substring(0, 8);
        jdbc.sql("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, "
                        + "type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                        + "VALUES (?, ?, ?, 0, 'User', ?, ?, '1', ?, ?)")
                .params(position, UUID.randomUUID().toString(), id.toString(), DateTimeUtils.formatInstant(time),
                        UserRegistered.class.getName(), Api.JSON.writeValueAsBytes(
                                new UserRegistered(id, name + "@example.com", name, "", "")),
                        Api.JSON.writeValueAsBytes(metadata(id)))
                .update();
    }

    private long head() {
        return jdbc.sql("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry").query(Long.class).single();
    }

    private static List<JsonNode> events(Api.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(page.json().get("events").spliterator(), false).toList();
    }

    private static List<Long> positions(List<JsonNode> events) {
        return events.stream().map(event -> event.get("position").asLong()).toList();
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    @Order(1)
    void pagesResumeFromNextAfterWithNoMissAndNoRepeatAndShowNoInternalEventOrSecret() {
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            appended.add(register());
        }
        UUID changed = UUID.fromString(events(api.get("/api/events?limit=1&wait=0")).get(0).get("user_id").asString());
        long internal = EventLog.append(jdbc, changed, "dev.accounts.command.user.PasswordSet",
                "{\"user_id\": \"%s\", \"password_hash\": \"%s\"}".formatted(changed, HASH), Instant.now(), metadata(changed));
        appended.add(EventLog.append(jdbc, new PasswordChanged(changed), Instant.now(), metadata(changed)));

        List<JsonNode> seen = new ArrayList<>();
        long after = 0;
        int pages = 0;
        while (true) {
            Api.Response page = api.get("/api/events?after=" + after + "&limit=3&wait=0");
            List<JsonNode> events = events(page);
            assertThat(page.body()).doesNotContain("password_hash").doesNotContain(HASH).doesNotContain("PasswordSet")
                    .doesNotContain("trace_secret");
            long next = page.json().get("next_after").asLong();
            if (events.isEmpty()) {
                assertThat(next).isEqualTo(after);
                break;
            }
            assertThat(events).hasSizeLessThanOrEqualTo(3);
            assertThat(next).isGreaterThanOrEqualTo(events.get(events.size() - 1).get("position").asLong());
            seen.addAll(events);
            after = next;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(positions(seen)).as("every public event once, in log order").containsExactlyElementsOf(appended)
                .doesNotContain(internal);
        assertThat(seen.get(seen.size() - 1).get("type").asString()).isEqualTo("PasswordChanged");
        assertThat(seen).allSatisfy(event -> {
            assertThat(List.copyOf(event.propertyNames())).containsExactly("user_id", "position", "event_id", "type",
                    "revision", "time", "metadata", "payload");
            assertThat(AUDIT_KEYS).containsAll(event.get("metadata").propertyNames());
            assertThat(event.get("payload").get("user_id").asString()).isEqualTo(event.get("user_id").asString());
        });
        assertThat(events(api.get("/api/events?after=" + appended.get(6) + "&wait=0")))
                .extracting(event -> event.get("type").asString()).containsExactly("PasswordChanged");
    }

    @Test
    @Order(2)
    void badParametersAreProblemsNamingEachOne() {
        Api.Response bad = api.get("/api/events?after=-1&limit=1001&wait=31");
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors").propertyNames()).contains("after", "limit", "wait");
        assertProblem(api.get("/api/events?after=x&limit=0"), 400);
        assertProblem(api.get("/api/events/stream", "Last-Event-ID", "nope"), 400);
    }

    @Test
    @Order(3)
    void onlyATokenWithScopeEventsReadMayReadTheFeed() {
        Api anonymous = new Api(port);
        assertProblem(anonymous.get("/api/events?wait=0"), 401);
        assertProblem(anonymous.get("/api/events/stream"), 401);
        String superuser = "Bearer " + ISSUER.token(UUID.randomUUID(), "staff", "superuser");
        Api.Response refused = anonymous.get("/api/events?wait=0", "Authorization", superuser);
        assertProblem(refused, 403);
        assertThat(refused.json().get("detail").asString()).contains("events:read");
        assertProblem(anonymous.get("/api/events/stream", "Authorization", superuser), 403);
        assertProblem(anonymous.get("/api/events?wait=0", "Authorization",
                "Bearer " + ISSUER.serviceToken("other", "profile:read")), 403);
        assertThat(api.get("/api/events?wait=0").status()).isEqualTo(200);
        assertThat(api.get("/api/users?page_size=1").status()).as("a service token reads no users").isEqualTo(403);
    }

    @Test
    @Order(4)
    void aLongPollAnswersAsSoonAsAnEventIsAppendedAndEmptyAfterItsWait() throws Exception {
        long head = head();
        Instant started = Instant.now();
        Api.Response empty = api.get("/api/events?after=" + head + "&wait=1");
        Duration waited = Duration.between(started, Instant.now());
        assertThat(events(empty)).isEmpty();
        assertThat(empty.json().get("next_after").asLong()).isEqualTo(head);
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));

        CompletableFuture<Api.Response> polling =
                CompletableFuture.supplyAsync(() -> api.get("/api/events?after=" + head + "&wait=20"));
        assertThatThrownBy(() -> polling.get(300, TimeUnit.MILLISECONDS)).as("waiting: nothing is newer")
                .isInstanceOf(TimeoutException.class);
        long position = register();
        Instant appended = Instant.now();
        Api.Response page = polling.get(5, TimeUnit.SECONDS);
        assertThat(Duration.between(appended, Instant.now())).as("answered soon after the append")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(positions(events(page))).containsExactly(position);
        assertThat(page.json().get("next_after").asLong()).isEqualTo(position);
    }

    @Test
    @Order(5)
    void aStreamSendsEachEventAfterLastEventIdWithHeartbeatsAndEndsCleanlyForAResume() throws Exception {
        long head = head();
        List<Long> before = List.of(register(), register());
        HttpRequest request = api.request("/api/events/stream", "Accept", "text/event-stream",
                "Last-Event-ID", Long.toString(before.get(0))).GET().build();
        CompletableFuture<HttpResponse<List<String>>> streaming = api.client()
                .sendAsync(request, responseInfo -> HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.ofLines(StandardCharsets.UTF_8), lines -> lines.toList()));
        assertThatThrownBy(() -> streaming.get(500, TimeUnit.MILLISECONDS)).as("the stream stays open")
                .isInstanceOf(TimeoutException.class);
        long live = register();
        HttpResponse<List<String>> response = streaming.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = response.body();
        assertThat(ids(lines)).as("after Last-Event-ID, the stored event and the live one")
                .containsExactly(before.get(1), live);
        assertThat(lines).contains("event:UserRegistered");
        assertThat(lines).anyMatch(line -> line.startsWith(":"));
        JsonNode data = Api.JSON.readTree(lines.stream().filter(line -> line.startsWith("data:")).findFirst()
                .orElseThrow().substring("data:".length()));
        assertThat(data.get("position").asLong()).isEqualTo(before.get(1));
        assertThat(data.get("user_id").asString()).isNotBlank();

        // resuming from the last id seen gives what came since, and nothing seen twice
        long since = register();
        List<String> again = api.client().send(api.request("/api/events/stream?after=0",
                "Last-Event-ID", Long.toString(live)).GET().build(),
                responseInfo -> HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.ofLines(StandardCharsets.UTF_8), lines2 -> lines2.toList())).body();
        assertThat(ids(again)).containsExactly(since);
        assertThat(head).isLessThan(since);
    }

    private static List<Long> ids(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("id:")).map(line -> Long.parseLong(line.substring(3).trim()))
                .toList();
    }

    @Test
    @Order(6)
    void aPositionNotYetCommittedHoldsTheFeedBackUntilItCommitsOrIsOld() {
        long head = head();
        registerAt(head + 2, Instant.now());
        assertThat(events(api.get("/api/events?after=" + head + "&wait=0"))).as("head+1 may still commit").isEmpty();
        assertThat(api.get("/api/events?after=" + head + "&wait=0").json().get("next_after").asLong()).isEqualTo(head);

        registerAt(head + 1, Instant.now());
        assertThat(positions(events(api.get("/api/events?after=" + head + "&wait=0"))))
                .containsExactly(head + 1, head + 2);

        // head+3 never commits: once the row after it is older than the gap timeout, it is passed over
        registerAt(head + 4, Instant.now().minusSeconds(60));
        Api.Response page = api.get("/api/events?after=" + (head + 2) + "&wait=0");
        assertThat(positions(events(page))).containsExactly(head + 4);
        assertThat(page.json().get("next_after").asLong()).isEqualTo(head + 4);
        jdbc.sql("SELECT setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), "
                + "(SELECT MAX(global_index) FROM domain_event_entry))").query(Long.class).single();
    }
}
