package dev.accounts.command.web;

import static dev.accounts.testsupport.Api.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.UserRegistered;
import dev.accounts.testsupport.Api;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/users} end to end, through HTTP, against a real database: run once on PostgreSQL
 * and once on the embedded H2 store by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "accounts.password.algorithm=pbkdf2_sha256", "accounts.password.iterations=1000",
        // every test here comes from one address; RateLimitIT checks the limits
        "accounts.rate-limit.registration.requests=1000000"})
@ExtendWith(OutputCaptureExtension.class)
abstract class RegistrationApiContract {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long events() {
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single();
    }

    private List<Map<String, Object>> eventsOf(String userId) {
        return jdbc.sql("SELECT global_index, payload_type, payload_revision, payload, meta_data FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number").param(userId).query().listOfRows();
    }

    private static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    @Test
    void registersAUserAnswering201WithLocationBodyAndEventPosition() {
        String name = unique("ada");
        Api.Response response = api.postJson("/api/users", """
                {"email": "  %s@EXAMPLE.com ", "username": "%s", "password": "%s", "first_name": "Ada", "last_name": "Lovelace"}
                """.formatted(name, name, PASSWORD));

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        String id = body.get("id").asString();
        assertThat(response.header("Location")).isEqualTo("/api/users/" + id);
        assertThat(body.get("email").asString()).isEqualTo(name + "@example.com");
        assertThat(body.get("username").asString()).isEqualTo(name);
        assertThat(body.get("first_name").asString()).isEqualTo("Ada");
        assertThat(body.get("last_name").asString()).isEqualTo("Lovelace");
        assertThat(body.get("is_active").asBoolean()).isTrue();
        assertThat(body.get("is_staff").asBoolean()).isFalse();
        assertThat(body.get("is_superuser").asBoolean()).isFalse();
        List<Map<String, Object>> stored = eventsOf(id);
        assertThat(Long.parseLong(response.header("X-Event-Position")))
                .isEqualTo(((Number) stored.get(stored.size() - 1).get("global_index")).longValue());
    }

    @Test
    void storesTheEventsWithTheirPayloadRevisionAndMetadata() {
        String name = unique("grace");
        Api.Response response = api.postJson("/api/users", registration(name + "@example.com", name, PASSWORD));
        String id = response.json().get("id").asString();

        List<Map<String, Object>> stored = eventsOf(id);

        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).get("payload_type")).isEqualTo(UserRegistered.class.getName());
        assertThat(stored.get(0).get("payload_revision")).isEqualTo("1");
        assertThat(Api.JSON.readTree(text(stored.get(0).get("payload")))).isEqualTo(Api.JSON.readTree("""
                {"user_id": "%s", "email": "%s@example.com", "username": "%s", "first_name": "", "last_name": ""}
                """.formatted(id, name, name)));
        assertThat(Api.JSON.readTree(text(stored.get(0).get("meta_data"))).get("actor").asString()).isEqualTo(id);
        assertThat(stored.get(1).get("payload_type")).isEqualTo("dev.accounts.command.user.PasswordSet");
    }

    @Test
    void rejectsAnEmailTakenInAnotherLetterCase() {
        String name = unique("alan");
        assertThat(api.postJson("/api/users", registration(name + "@example.com", name, PASSWORD)).status()).isEqualTo(201);
        long before = events();

        Api.Response response = api.postJson("/api/users",
                registration(name.toUpperCase() + "@Example.COM", name + "-2", PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get("email").get(0).asString())
                .isEqualTo("A user with that email already exists.");
        assertThat(response.json().get("errors").has("username")).isFalse();
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void rejectsAUsernameTakenInAnotherLetterCase() {
        String name = unique("edsger");
        assertThat(api.postJson("/api/users", registration(name + "@example.com", name, PASSWORD)).status()).isEqualTo(201);

        Api.Response response = api.postJson("/api/users",
                registration(name + "-2@example.com", name.toUpperCase(), PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("errors").get("username").get(0).asString())
                .isEqualTo("A user with that username already exists.");
    }

    @Test
    void namesBothFieldsWhenEmailAndUsernameAreTaken() {
        String name = unique("ida");
        assertThat(api.postJson("/api/users", registration(name + "@example.com", name, PASSWORD)).status()).isEqualTo(201);

        Api.Response response = api.postJson("/api/users", registration(name + "@EXAMPLE.com", name.toUpperCase(), PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("errors").properties()).extracting(Map.Entry::getKey)
                .containsExactly("email", "username");
    }

    @Test
    void rejectsInvalidInputWithDjangosMessagesPerFieldAndStoresNothing() {
        long before = events();

        Api.Response response = api.postJson("/api/users", """
                {"email": "not-an-email", "username": "has space", "password": "12345", "first_name": "%s"}
                """.formatted("x".repeat(151)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors.get("email").get(0).asString()).isEqualTo("Enter a valid email address.");
        assertThat(errors.get("username").get(0).asString()).startsWith("Enter a valid username.");
        assertThat(errors.get("first_name").get(0).asString())
                .isEqualTo("Ensure this value has at most 150 characters (it has 151).");
        assertThat(errors.get("password")).extracting(JsonNode::asString).containsExactly(
                "This password is too short. It must contain at least 8 characters.",
                "This password is too common.",
                "This password is entirely numeric.");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void rejectsAPasswordTooSimilarToTheUsername() {
        String name = unique("katherine");
        Api.Response response = api.postJson("/api/users", registration(name + "@example.com", name, name + "1"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get("password").get(0).asString())
                .isEqualTo("The password is too similar to the username.");
    }

    @Test
    void requiresEmailUsernameAndPassword() {
        Api.Response response = api.postJson("/api/users", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").properties()).extracting(Map.Entry::getKey)
                .containsExactly("email", "username", "password");
        assertThat(response.json().get("errors").get("password").get(0).asString()).isEqualTo("This field is required.");
    }

    @Test
    void answersARetryWithTheSameIdempotencyKeyWithTheFirstAnswerAndAppendsNothing() {
        String name = unique("barbara");
        String key = UUID.randomUUID().toString();
        String body = registration(name + "@example.com", name, PASSWORD);
        Api.Response first = api.postJson("/api/users", body, "Idempotency-Key", key);
        long after = events();

        Api.Response retry = api.postJson("/api/users", body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("X-Event-Position")).isEqualTo(first.header("X-Event-Position"));
        assertThat(events()).isEqualTo(after);
    }

    @Test
    void refusesAnIdempotencyKeyReusedForADifferentRequest() {
        String key = UUID.randomUUID().toString();
        String name = unique("frances");
        assertThat(api.postJson("/api/users", registration(name + "@example.com", name, PASSWORD),
                "Idempotency-Key", key).status()).isEqualTo(201);
        long after = events();

        Api.Response other = api.postJson("/api/users", registration(name + "-b@example.com", name + "-b", PASSWORD),
                "Idempotency-Key", key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("detail").asString()).contains("different request");
        assertThat(events()).isEqualTo(after);
    }

    @Test
    void answersMalformedJsonWith400() {
        Api.Response response = api.postJson("/api/users", "{\"email\": \"a@b.com\",");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo("The request body is not valid JSON.");
    }

    @Test
    void answersAWrongJsonTypeWith400NamingTheField() {
        Api.Response response = api.postJson("/api/users", "{\"email\": {\"x\": 1}, \"username\": \"u\", \"password\": \"p\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").has("email")).isTrue();
    }

    @Test
    void answersAMissingBodyWith400() {
        Api.Response response = api.send(api.request("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void answersANonJsonBodyWith415() {
        Api.Response response = api.send(api.request("/api/users").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("email=a@b.com")).build());

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void answersABodyOver64KibWith413() {
        String huge = registration("a@example.com", "a", "x".repeat(70 * 1024));

        Api.Response response = api.postJson("/api/users", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void answersAChunkedBodyOver64KibWith413() {
        byte[] huge = registration("a@example.com", "a", "x".repeat(70 * 1024)).getBytes(StandardCharsets.UTF_8);
        // a publisher of unknown length makes the client send the body chunked, without Content-Length
        HttpRequest request = api.request("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build();

        Api.Response response = api.send(request);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void neverShowsThePasswordOrItsHashInResponsesPublicEventsOrLogs(CapturedOutput output) {
        String name = unique("hedy");
        String password = "Secret-" + UUID.randomUUID();
        Api.Response created = api.postJson("/api/users", registration(name + "@example.com", name, password));
        Api.Response conflict = api.postJson("/api/users", registration(name + "@example.com", name, password));
        Api.Response invalid = api.postJson("/api/users", registration("bad", name, password));
        String id = created.json().get("id").asString();
        List<Map<String, Object>> stored = eventsOf(id);
        String hash = Api.JSON.readTree(text(stored.get(1).get("payload"))).get("password_hash").asString();

        assertThat(hash).startsWith("pbkdf2_sha256$1000$");
        for (Api.Response response : List.of(created, conflict, invalid)) {
            assertThat(response.body()).doesNotContain(password).doesNotContain(hash).doesNotContainIgnoringCase("password_hash");
        }
        assertThat(text(stored.get(0).get("payload"))).doesNotContain(password).doesNotContain(hash);
        assertThat(text(stored.get(0).get("meta_data"))).doesNotContain(password).doesNotContain(hash);
        assertThat(output.getAll()).doesNotContain(password).doesNotContain(hash);
    }

    @Test
    void ofManySimultaneousRegistrationsOfOneEmailInAnyCaseExactlyOneSucceeds() throws Exception {
        String local = unique("race");
        int clients = 64;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String email = vary(local, i) + "@Example.com";
                String body = registration(email, local + "-" + i, PASSWORD);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return api.postJson("/api/users", body).status();
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(clients - 1);
            List<String> registeredEmails = jdbc.sql("SELECT payload FROM domain_event_entry WHERE payload_type = ?")
                    .param(UserRegistered.class.getName())
                    .query((rs, row) -> Api.JSON.readTree(rs.getBytes(1)).get("email").asString()).list();
            assertThat(registeredEmails).filteredOn(email -> email.equalsIgnoreCase(local + "@example.com")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same letters in a case pattern of its own for each client. */
    private static String vary(String local, int variant) {
        StringBuilder varied = new StringBuilder();
        IntStream.range(0, local.length()).forEach(i -> {
            char c = local.charAt(i);
            varied.append(((variant >> (i % 6)) & 1) == 1 ? Character.toUpperCase(c) : c);
        });
        return varied.toString();
    }

    @Test
    void publishesOpenApiAndHealth() {
        Api.Response docs = api.get("/v3/api-docs");
        Api.Response health = api.get("/actuator/health");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/users")).isTrue();
        JsonNode register = docs.json().get("paths").get("/api/users").get("post");
        assertThat(register.get("parameters").toString()).contains("\"name\":\"X-Request-Id\"", "\"in\":\"header\"");
        assertThat(register.get("responses").get("201").get("headers").has("X-Request-Id")).isTrue();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void runsOnAxonsJdbcEngineInSpringTransactionsWithJackson() {
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        // Axon's transactions are Spring's (never Axon's NoTransactionManager)
        assertThat(context.getBean(TransactionManager.class)
                .fetchInTransaction(TransactionSynchronizationManager::isActualTransactionActive)).isTrue();
        assertThat(context.getBean("eventSerializer", Serializer.class)).isInstanceOf(Jackson3Serializer.class);
        assertThat(context.getBean(Serializer.class)).isInstanceOf(Jackson3Serializer.class);
        assertThat(context.getBean("messageSerializer", Serializer.class)).isInstanceOf(Jackson3Serializer.class);
    }
}
