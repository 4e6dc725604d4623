package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.events.ProfileChanged;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.support.Logs;
import dev.accounts.query.support.Migrations;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The query side on the embedded store, as {@code ./accounts up} runs it: an H2 file whose event log the
 * command side's own migrations created. Events are appended here as the command side appends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedQuerySideIT {

    private static final String PASSWORD_HASH = "pbkdf2_sha256$1000$c2FsdA$bm90LWEtcmVhbC1oYXNoLWJ1dC1zZWNyZXQ=";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    JdbcClient jdbc;

    Api api;

    /** Issues the staff tokens the reads need; the query side verifies them through its JWKS. */
    private static final TestIssuer ISSUER = TestIssuer.start();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("accounts.auth.jwk-set-uri", ISSUER::jwkSetUri);
        String url = TestDatabases.freshH2();
        Migrations.migrateCommandSide(new DriverManagerDataSource(url, "sa", ""), "h2");
        registry.add("spring.datasource.url", () -> url);
    }

    @BeforeEach
    void client() {
        api = new Api(port).withHeaders(ISSUER.staffAuthorization());
    }

    /** Appends what the command side's internal PasswordSet looks like in the log: a type this side cannot load. */
    private long appendInternalEvent(UUID userId, long sequenceNumber) {
        byte[] metaData = eventSerializer.serialize(MetaData.with("actor", userId.toString()), byte[].class).getData();
        jdbc.sql("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'User', ?, 'dev.accounts.command.user.PasswordSet', '1', ?, ?)""")
                .params(UUID.randomUUID().toString(), userId.toString(), sequenceNumber,
                        DateTimeUtils.formatInstant(Instant.now()),
                        ("{\"user_id\":\"" + userId + "\",\"password_hash\":\"" + PASSWORD_HASH + "\"}")
                                .getBytes(StandardCharsets.UTF_8), metaData)
                .update();
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(userId.toString(), sequenceNumber).query(Long.class).single();
    }

    @Test
    void runsTheUsersProjectionOnATrackingProcessorOverAxonsJdbcStoreInSpringTransactions() {
        assertThat(processing.eventProcessor("users")).containsInstanceOf(TrackingEventProcessor.class);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        assertThat(context.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
        assertThat(context.getBean(DeadLetterSchema.class).deadLetterTable()).isEqualTo("dead_letter_entry");
        assertThat(processing.deadLetterQueue("users")).containsInstanceOf(JdbcSequencedDeadLetterQueue.class);
        assertThat(processing.sequencedDeadLetterProcessor("users")).isPresent();
    }

    @Test
    void replaysTheUsersProjectionOnTheEmbeddedStoreToo(CapturedOutput output) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            eventStore.publish(new GenericDomainEventMessage<>("User", id.toString(), 0,
                    new UserRegistered(id, "h2-" + i + "@example.com", "h2-" + i, "", ""), MetaData.with("actor", id.toString())));
        }
        long head = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).single();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/projections/users").json().get("position").asLong() >= head);
        long users = jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();

        Api.Response replay = new Api(port).withHeaders(ISSUER.authorization("staff", "superuser"))
                .post("/api/projections/users/replay");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode status = api.get("/api/projections/users").json();
            return !status.get("replaying").asBoolean() && status.get("position").asLong() >= head;
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single()).isEqualTo(users);
        for (UUID id : ids) {
            assertThat(api.get("/api/users/" + id).status()).isEqualTo(200);
        }
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
    }

    @Test
    void showsAnAppendedUserAndSkipsTheCommandSidesInternalEventWithoutAWord(CapturedOutput output) {
        UUID id = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("User", id.toString(), 0,
                new UserRegistered(id, "ada@example.com", "ada", "Ada", "Lovelace"), MetaData.with("actor", id.toString())));
        long position = appendInternalEvent(id, 1);

        Api.Response response = api.get("/api/users/" + id, "X-Min-Position", Long.toString(position));

        assertThat(response.status()).isEqualTo(200);
        JsonNode user = response.json();
        assertThat(user.get("id").asString()).isEqualTo(id.toString());
        assertThat(user.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(user.get("first_name").asString()).isEqualTo("Ada");
        assertThat(user.get("is_active").asBoolean()).isTrue();
        assertThat(user.get("is_staff").asBoolean()).isFalse();
        assertThat(user.get("date_joined").asString()).isNotBlank();
        assertThat(user.get("last_login").isNull()).isTrue();
        assertThat(user.has("password_hash")).isFalse();
        assertThat(output.getAll()).doesNotContain(PASSWORD_HASH).doesNotContain("PasswordSet");
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
    }

    @Test
    void feedsTheAppendedUserToAServiceTokenOnTheEmbeddedStoreWithoutTheInternalEvent() {
        UUID id = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("User", id.toString(), 0,
                new UserRegistered(id, "feed@example.com", "feed", "", ""), MetaData.with("actor", id.toString())));
        long internal = appendInternalEvent(id, 1);
        Api feed = new Api(port).withHeaders("Authorization", "Bearer " + ISSUER.serviceToken("audit", "events:read"));

        Api.Response page = feed.get("/api/events?after=" + (internal - 2) + "&wait=0");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("events")).hasSize(1);
        JsonNode event = page.json().get("events").get(0);
        assertThat(event.get("user_id").asString()).isEqualTo(id.toString());
        assertThat(event.get("type").asString()).isEqualTo("UserRegistered");
        assertThat(event.get("position").asLong()).isEqualTo(internal - 1);
        assertThat(page.json().get("next_after").asLong()).as("past the internal event").isEqualTo(internal);
        assertThat(page.body()).doesNotContain(PASSWORD_HASH).doesNotContain("PasswordSet");
        assertThat(api.get("/api/events?wait=0").status()).as("a staff token has no events:read").isEqualTo(403);
    }

    @Test
    void reportsItselfHealthy() {
        Api.Response health = api.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void describesTheReadApiInOpenApi() {
        Api.Response docs = api.get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/users")).isTrue();
        assertThat(docs.json().get("paths").has("/api/users/{id}")).isTrue();
        assertThat(docs.json().get("paths").has("/api/projections")).isTrue();
        assertThat(docs.json().get("paths").has("/api/projections/{name}/replay")).isTrue();
        assertThat(docs.json().get("paths").has("/api/projections/{name}/dead-letters/retry")).isTrue();
        assertThat(docs.body()).contains("X-Min-Position", "page_size", "is_superuser", "X-Projection-Replaying");
        assertThat(docs.json().get("paths").has("/api/users/me")).isTrue();
        assertThat(docs.json().get("paths").has("/api/users/{id}/history")).isTrue();
        assertThat(docs.json().get("paths").get("/api/users/{id}").toString()).contains("as_of");
        assertThat(docs.json().get("components").get("securitySchemes").get("bearer-jwt").get("scheme").asString())
                .isEqualTo("bearer");
        for (String path : List.of("/api/users", "/api/users/{id}", "/api/users/me", "/api/users/{id}/history",
                "/api/projections", "/api/projections/{name}", "/api/events", "/api/events/stream")) {
            assertThat(docs.json().get("paths").get(path).get("get").get("security").toString()).as(path)
                    .contains("bearer-jwt");
        }
        for (String path : List.of("/api/projections", "/api/projections/{name}")) {
            JsonNode read = docs.json().get("paths").get(path).get("get");
            assertThat(read.get("summary").asString()).as(path).contains("(staff)");
            assertThat(read.get("responses").has("401")).as(path).isTrue();
            assertThat(read.get("responses").get("403").get("description").asString()).as(path)
                    .isEqualTo("Neither staff nor superuser");
        }
        for (String path : List.of("/api/events", "/api/events/stream")) {
            assertThat(docs.json().get("paths").get(path).get("get").get("responses").get("403").get("description")
                    .asString()).as(path).contains("events:read");
        }
        for (String path : List.of("/api/projections/{name}/replay", "/api/projections/{name}/dead-letters/retry")) {
            JsonNode operation = docs.json().get("paths").get(path).get("post");
            assertThat(operation.get("security").toString()).as(path).contains("bearer-jwt");
            assertThat(operation.get("summary").asString()).as(path).contains("(superuser)");
            assertThat(operation.get("responses").has("401")).as(path).isTrue();
            assertThat(operation.get("responses").get("403").get("description").asString()).as(path)
                    .startsWith("Not a superuser");
        }
    }

    @Test
    void letsOnlyStaffListAndReadOthersAndAnyoneReadThemselves() {
        UUID self = UUID.randomUUID();
        Api user = new Api(port).withHeaders("Authorization", "Bearer " + ISSUER.token(self));
        Api superuser = new Api(port).withHeaders("Authorization", "Bearer " + ISSUER.token(UUID.randomUUID(), "superuser"));

        assertThat(user.get("/api/users").status()).isEqualTo(403);
        assertThat(user.get("/api/users").header("Content-Type")).startsWith("application/problem+json");
        assertThat(user.get("/api/users/" + UUID.randomUUID()).status()).isEqualTo(403);
        assertThat(user.get("/api/users/" + self).status()).isEqualTo(404);
        assertThat(user.get("/api/users/me").status()).isEqualTo(404);
        assertThat(superuser.get("/api/users").status()).isEqualTo(200);
        assertThat(api.get("/api/users").status()).isEqualTo(200);
        Api.Response anonymous = new Api(port).get("/api/users/me");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void refusesATokenSignedWithAnotherKeyOrEdited() {
        try (TestIssuer stranger = TestIssuer.start()) {
            String forged = stranger.token(UUID.randomUUID(), "staff");
            String real = ISSUER.token(UUID.randomUUID());
            String[] parts = real.split("\\.");
            String elevated = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                            .replace("[\"user\"]", "[\"user\",\"staff\"]").getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];

            for (String token : List.of(forged, elevated, "not-a-jwt")) {
                Api.Response response = new Api(port).get("/api/users", "Authorization", "Bearer " + token);
                assertThat(response.status()).as(token).isEqualTo(401);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
        }
    }

    @Test
    void answersAnUnknownPathWithAProblem() {
        Api.Response missing = api.get("/api/nothing-here");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void servesAUsersHistoryAndTheUserAsOfATimeFromTheEmbeddedStore(CapturedOutput output) {
        UUID id = UUID.randomUUID();
        Instant joined = Instant.parse("2026-11-24T10:00:00.123Z");
        MetaData audit = MetaData.from(Map.of("actor", id.toString(), "correlation_id", "request-1",
                "causation_id", "command-1", "client_address", "127.0.0.1", "user_agent", "curl/8.5",
                "idempotency_key", "not-for-readers"));
        eventStore.publish(new GenericDomainEventMessage<>("User", id.toString(), 0,
                new UserRegistered(id, "ada@example.com", "ada", "Ada", ""), audit, UUID.randomUUID().toString(), joined));
        appendInternalEvent(id, 1);
        eventStore.publish(new GenericDomainEventMessage<>("User", id.toString(), 2, new ProfileChanged(id, "Augusta Ada", "King"),
                MetaData.with("actor", "cli"), UUID.randomUUID().toString(), joined.plusSeconds(60)));

        Api.Response history = api.get("/api/users/" + id + "/history");
        Api.Response then = api.get("/api/users/" + id + "?as_of=2026-11-24T10:00:30Z");
        Api.Response before = api.get("/api/users/" + id + "?as_of=2026-11-24T09:00:00Z");

        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.json().get("user_id").asString()).isEqualTo(id.toString());
        JsonNode events = history.json().get("events");
        assertThat(events).extracting(event -> event.get("type").asString())
                .containsExactly("UserRegistered", "ProfileChanged");
        assertThat(events.get(0).get("time").asString()).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(events.get(0).get("metadata")).isEqualTo(Api.JSON.readTree("""
                {"actor": "%s", "correlation_id": "request-1", "causation_id": "command-1",
                 "client_address": "127.0.0.1", "user_agent": "curl/8.5"}""".formatted(id)));
        assertThat(events.get(1).get("payload")).isEqualTo(Api.JSON.readTree(
                "{\"user_id\": \"%s\", \"first_name\": \"Augusta Ada\", \"last_name\": \"King\"}".formatted(id)));
        assertThat(history.body()).doesNotContain(PASSWORD_HASH, "password", "not-for-readers");
        assertThat(then.status()).as(then.body()).isEqualTo(200);
        assertThat(then.json().get("first_name").asString()).isEqualTo("Ada");
        assertThat(then.json().get("date_joined").asString()).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.header("Content-Type")).startsWith("application/problem+json");
        assertThat(output.getAll()).doesNotContain(PASSWORD_HASH);
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
    }
}
