package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Commands;
import dev.accounts.query.support.Logs;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's history, the user as of a time and the NDJSON export, end to end on PostgreSQL: the real command side
 * runs from its jar, the account lives through the command side's API, and its audit trail is read here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresHistoryIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final String NEW_PASSWORD = "Correct-horse-battery-9";
    private static final String USER_AGENT = "HistoryTest/1.0";
    private static final Set<String> AUDIT_KEYS =
            Set.of("actor", "correlation_id", "causation_id", "client_address", "user_agent");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static CommandSide commandSide;
    private static Process createSuperuser;
    private static String databaseUrl;
    private static String rootToken;
    private static String rootId;
    /** The account whose life the tests follow, and the request id of its sign-up. */
    private static String ada;
    private static String signUpRequest;
    private static String lastPosition;

    @TempDir
    static Path directory;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        databaseUrl = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(databaseUrl, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        createSuperuser = commandSide.createSuperuser("root." + RUN + "@example.com", "root-" + RUN, PASSWORD);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        registry.add("accounts.auth.jwk-set-uri", () -> commandSide.api().base() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stopTheCommandSide() {
        commandSide.close();
    }

    @BeforeEach
    void client() {
        if (rootToken == null) {
            rootToken = commandSide.superuserToken(createSuperuser, "root." + RUN + "@example.com", PASSWORD);
            rootId = subject(rootToken);
        }
        api = new Api(port).withHeaders("Authorization", "Bearer " + rootToken);
    }

    private static Api.Response logIn(String email, String password, int status) {
        Api.Response login = commandSide.logIn(email, password, "User-Agent", USER_AGENT);
        assertThat(login.status()).as(login.body()).isEqualTo(status);
        return login;
    }

    private static String subject(String jwt) {
        return Api.JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("sub").asString();
    }

    /** A change on the command side, as a client with a user agent makes it; its X-Event-Position. */
    private static String change(String token, String method, String path, String body, int status) {
        Api.Response response = commandSide.api().call(method, path, body, "Authorization", "Bearer " + token,
                "User-Agent", USER_AGENT);
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return response.header("X-Event-Position");
    }

    private static List<JsonNode> events(Api.Response history) {
        return StreamSupport.stream(history.json().get("events").spliterator(), false).toList();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.get("type").asString()).toList();
    }

    /** Every property name in a JSON document, at any depth. */
    private static List<String> propertyNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(property -> {
                names.add(property.getKey());
                names.addAll(propertyNames(property.getValue()));
            });
        } else if (node.isArray()) {
            node.forEach(element -> names.addAll(propertyNames(element)));
        }
        return names;
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    @Order(1)
    void aUsersHistoryShowsEveryPublicEventInLogOrderWithWhoCausedIt() {
        String name = "ada-" + RUN;
        signUpRequest = "sign-up-" + UUID.randomUUID();
        Api.Response registered = commandSide.api().postJson("/api/users", Api.JSON.createObjectNode()
                .put("email", name + "@example.com").put("username", name).put("password", PASSWORD)
                .put("first_name", "Ada").toString(), "X-Request-Id", signUpRequest, "User-Agent", USER_AGENT);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.header("X-Request-Id")).isEqualTo(signUpRequest);
        ada = registered.json().get("id").asString();
        String token = logIn(name + "@example.com", PASSWORD, 200).json().get("access").asString();
        change(token, "PATCH", "/api/users/" + ada, "{\"last_name\": \"Lovelace\", \"email\": \"countess-%s@example.com\"}"
                .formatted(RUN), 200);
        change(token, "POST", "/api/users/" + ada + "/password", "{\"old_password\": \"%s\", \"new_password\": \"%s\"}"
                .formatted(PASSWORD, NEW_PASSWORD), 204);
        change(rootToken, "POST", "/api/users/" + ada + "/staff", null, 200);
        logIn("countess-" + RUN + "@example.com", "Wrong-password-1", 401);
        lastPosition = change(rootToken, "POST", "/api/users/" + ada + "/superuser", null, 200);

        Api.Response history = api.get("/api/users/" + ada + "/history");

        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.json().get("user_id").asString()).isEqualTo(ada);
        List<JsonNode> events = events(history);
        assertThat(types(events)).containsExactly("UserRegistered", "UserLoggedIn", "ProfileChanged", "EmailChanged",
                "PasswordChanged", "StaffGranted", "LoginFailed", "SuperuserGranted");
        assertThat(events).extracting(event -> event.get("position").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(events.size() - 1).get("position").asLong()).isEqualTo(Long.parseLong(lastPosition));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("event_id").asString()).hasSize(36);
            assertThat(event.get("revision").asString()).isEqualTo("1");
            assertThat(Instant.parse(event.get("time").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(event.get("time").asString()).endsWith("Z");
            assertThat(AUDIT_KEYS).containsAll(propertyNames(event.get("metadata")));
            assertThat(event.get("metadata").get("correlation_id").asString()).isNotBlank();
            assertThat(event.get("metadata").get("causation_id").asString()).isNotBlank();
            assertThat(event.get("metadata").get("client_address").asString()).isEqualTo("127.0.0.1");
            assertThat(event.get("metadata").get("user_agent").asString()).isEqualTo(USER_AGENT);
            assertThat(event.get("payload").get("user_id").asString()).isEqualTo(ada);
        });
        assertThat(events).extracting(event -> event.get("metadata").get("actor").asString())
                .containsExactly(ada, ada, ada, ada, ada, rootId, "anonymous", rootId);
        assertThat(events.get(0).get("metadata").get("correlation_id").asString()).isEqualTo(signUpRequest);
        assertThat(events.get(2).get("metadata").get("correlation_id").asString())
                .as("one request, one correlation id").isEqualTo(events.get(3).get("metadata").get("correlation_id").asString());
        assertThat(events.get(0).get("payload")).isEqualTo(Api.JSON.readTree("""
                {"user_id": "%s", "email": "%s@example.com", "username": "%s", "first_name": "Ada", "last_name": ""}
                """.formatted(ada, name, name)));
        assertThat(events.get(6).get("payload").get("reason").asString()).isEqualTo("wrong_password");
    }

    @Test
    @Order(2)
    void aHistoryNeverShowsAPasswordNorItsHash() {
        List<String> hashes = jdbc.sql("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'password_hash' FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type = 'dev.accounts.command.user.PasswordSet'")
                .param(ada).query(String.class).list();
        assertThat(hashes).as("the internal events are in the log").hasSize(2);

        Api.Response history = api.get("/api/users/" + ada + "/history");

        assertThat(propertyNames(history.json())).noneMatch(name -> name.toLowerCase().contains("password"));
        assertThat(types(events(history))).doesNotContain("PasswordSet");
        assertThat(history.body()).doesNotContain(PASSWORD, NEW_PASSWORD, "pbkdf2_sha256$");
        hashes.forEach(hash -> assertThat(history.body()).doesNotContain(hash));
    }

    @Test
    @Order(3)
    void onlyStaffReadAHistory() {
        String name = "plain-" + RUN;
        assertThat(commandSide.register(name + "@example.com", name, PASSWORD, "", "").status()).isEqualTo(201);
        String plainToken = logIn(name + "@example.com", PASSWORD, 200).json().get("access").asString();
        Api plain = new Api(port).withHeaders("Authorization", "Bearer " + plainToken);

        assertProblem(plain.get("/api/users/" + ada + "/history"), 403);
        assertProblem(plain.get("/api/users/" + subject(plainToken) + "/history"), 403);
        assertProblem(new Api(port).get("/api/users/" + ada + "/history"), 401);
        assertProblem(new Api(port).withHeaders("Authorization", "Bearer " + plainToken + "x")
                .get("/api/users/" + ada + "/history"), 401);
        assertProblem(api.get("/api/users/" + UUID.randomUUID() + "/history"), 404);
        Api.Response badId = api.get("/api/users/not-a-uuid/history");
        assertProblem(badId, 400);
        assertThat(badId.json().get("errors").has("id")).isTrue();
    }

    @Test
    @Order(4)
    void asOfShowsTheUserAsTheyWereThen() {
        List<JsonNode> events = events(api.get("/api/users/" + ada + "/history"));
        String registeredAt = events.get(0).get("time").asString();
        String loggedInAt = events.get(1).get("time").asString();
        String staffAt = events.get(5).get("time").asString();

        Api.Response atSignUp = api.get("/api/users/" + ada + "?as_of=" + registeredAt);
        Api.Response atLogin = api.get("/api/users/" + ada + "?as_of=" + loggedInAt);
        Api.Response atStaff = api.get("/api/users/" + ada + "?as_of=" + staffAt);

        assertThat(atSignUp.status()).as(atSignUp.body()).isEqualTo(200);
        assertThat(atSignUp.json().get("email").asString()).isEqualTo("ada-" + RUN + "@example.com");
        assertThat(atSignUp.json().get("last_name").asString()).isEmpty();
        assertThat(atSignUp.json().get("is_staff").asBoolean()).isFalse();
        assertThat(atSignUp.json().get("date_joined").asString()).isEqualTo(registeredAt);
        assertThat(atSignUp.json().get("last_login").isNull()).isTrue();
        assertThat(atLogin.json().get("last_login").asString()).isEqualTo(loggedInAt);
        assertThat(atStaff.json().get("email").asString()).isEqualTo("countess-" + RUN + "@example.com");
        assertThat(atStaff.json().get("last_name").asString()).isEqualTo("Lovelace");
        assertThat(atStaff.json().get("is_staff").asBoolean()).isTrue();
        assertThat(atStaff.json().get("is_superuser").asBoolean()).isFalse();

        assertProblem(api.get("/api/users/" + ada + "?as_of=2000-01-01T00:00:00Z"), 404);
        assertProblem(api.get("/api/users/" + UUID.randomUUID() + "?as_of=" + staffAt), 404);
        for (String bad : List.of("yesterday", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z")) {
            Api.Response response = api.get("/api/users/" + ada + "?as_of=" + bad);
            assertProblem(response, 400);
            assertThat(response.json().get("errors").has("as_of")).as(bad).isTrue();
        }
    }

    @Test
    @Order(5)
    void asOfNowIsTheProjectionsRowForAUserWithManyChanges() {
        String now = Instant.now().toString();

        for (String id : List.of(ada, rootId)) {
            Api.Response projected = api.get("/api/users/" + id, "X-Min-Position", lastPosition);
            Api.Response rebuilt = api.get("/api/users/" + id + "?as_of=" + now);

            assertThat(projected.status()).as(projected.body()).isEqualTo(200);
            assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
            assertThat(rebuilt.json()).isEqualTo(projected.json());
        }
    }

    @Test
    @Order(6)
    void asOfFollowsTheSameRulesAsTheUserItself() {
        String adaToken = logIn("countess-" + RUN + "@example.com", NEW_PASSWORD, 200).json().get("access").asString();
        String name = "stranger-" + RUN;
        assertThat(commandSide.register(name + "@example.com", name, PASSWORD, "", "").status()).isEqualTo(201);
        String strangerToken = logIn(name + "@example.com", PASSWORD, 200).json().get("access").asString();
        String now = Instant.now().toString();

        assertThat(new Api(port).withHeaders("Authorization", "Bearer " + adaToken)
                .get("/api/users/" + ada + "?as_of=" + now).status()).isEqualTo(200);
        assertProblem(new Api(port).withHeaders("Authorization", "Bearer " + strangerToken)
                .get("/api/users/" + ada + "?as_of=" + now), 403);
        assertProblem(new Api(port).get("/api/users/" + ada + "?as_of=" + now), 401);
    }

    private Commands.Result export(String... arguments) {
        List<String> command = new ArrayList<>(List.of("./accounts", "events", "export"));
        command.addAll(List.of(arguments));
        return Commands.run(command, Commands.environment(Map.of("SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", databaseUrl, "SPRING_DATASOURCE_USERNAME", TestDatabases.postgresUser(),
                "SPRING_DATASOURCE_PASSWORD", TestDatabases.postgresPassword(),
                "ACCOUNTS_QUERY_PORT", Integer.toString(port), "ACCOUNTS_DATA_DIR", directory.toString())),
                Duration.ofSeconds(90));
    }

    /** An export line without its user_id: the user's history shows it so. */
    private static JsonNode asInHistory(JsonNode line) {
        ObjectNode copy = ((ObjectNode) line).deepCopy();
        copy.remove("user_id");
        return copy;
    }

    @Test
    @Order(7)
    void theExportWritesTheLogAsNdjsonToAFileWithProgressOrToStdout() throws Exception {
        List<JsonNode> history = events(api.get("/api/users/" + ada + "/history"));
        long head = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).single();
        long publicEvents = jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type LIKE 'dev.accounts.events.%'")
                .query(Long.class).single();
        Path file = directory.resolve("audit.ndjson");

        Commands.Result toFile = export("--output", file.toString());
        Commands.Result ofAda = export("--user", ada, "--after", history.get(2).get("position").asString());

        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
        assertThat(toFile.stderr()).isEmpty();
        assertThat(toFile.stdout()).contains("Exporting events: ", " of " + publicEvents + " events",
                "Exported " + publicEvents + " events to " + file + ".");
        List<JsonNode> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Api.JSON::readTree).toList();
        assertThat(lines).hasSize((int) publicEvents);
        assertThat(lines).extracting(line -> line.get("position").asLong()).isSorted().doesNotHaveDuplicates()
                .allSatisfy(position -> assertThat(position).isLessThanOrEqualTo(head));
        assertThat(lines).extracting(line -> line.get("type").asString()).doesNotContain("PasswordSet");
        assertThat(lines).filteredOn(line -> line.get("user_id").asString().equals(ada)).map(PostgresHistoryIT::asInHistory)
                .containsExactlyElementsOf(history);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("password_hash", PASSWORD, NEW_PASSWORD);

        assertThat(ofAda.exitCode()).as(ofAda.toString()).isZero();
        assertThat(ofAda.stderr()).isEmpty();
        assertThat(ofAda.stdout().lines().map(Api.JSON::readTree).map(PostgresHistoryIT::asInHistory).toList())
                .containsExactlyElementsOf(history.subList(3, history.size()));
    }

    @Test
    @Order(8)
    void theExportRefusesBadArgumentsInOneLine() {
        Map<List<String>, String> usages = new LinkedHashMap<>();
        usages.put(List.of("--after", "soon"), "--after");
        usages.put(List.of("--user", "ada"), "--user");
        for (Map.Entry<List<String>, String> usage : usages.entrySet()) {
            Commands.Result refused = export(usage.getKey().toArray(String[]::new));

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.stderr().lines()).singleElement().satisfies(line ->
                    assertThat(line).startsWith("Error: ").contains(usage.getValue()));
            assertThat(refused.stdout()).isEmpty();
        }
    }

    @Test
    @Order(9)
    void theFeedReadWithTheCommandSidesServiceTokenShowsThePasswordChangeButNoInternalEventOrHash() {
        Api.Response issued = commandSide.api().postJson("/api/auth/service-token", "{\"name\": \"audit-%s\"}"
                .formatted(RUN), "Authorization", "Bearer " + rootToken);
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        Api feed = new Api(port).withHeaders("Authorization", "Bearer " + issued.json().get("access").asString());
        assertProblem(api.get("/api/events?wait=0"), 403);

        Api.Response page = feed.get("/api/events?limit=1000&wait=0");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> adas = events(page).stream().filter(event -> event.get("user_id").asString().equals(ada)).toList();
        assertThat(types(adas)).as("as her history shows them, and later logins").startsWith("UserRegistered",
                "UserLoggedIn", "ProfileChanged", "EmailChanged", "PasswordChanged", "StaffGranted", "LoginFailed",
                "SuperuserGranted");
        assertThat(page.body()).doesNotContain("PasswordSet", "password_hash", "pbkdf2_sha256$");
        long internal = jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type LIKE '%PasswordSet'")
                .query(Long.class).single();
        assertThat(internal).as("the log does hold the hashes").isPositive();
        assertThat(page.json().get("next_after").asLong()).isGreaterThanOrEqualTo(Long.parseLong(lastPosition));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void logsNoErrorAndNoSecretOnEitherSide(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("PasswordSet", "pbkdf2_sha256$", PASSWORD, NEW_PASSWORD);
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
        assertThat(commandSide.output()).doesNotContain("pbkdf2_sha256$", PASSWORD, NEW_PASSWORD);
    }
}
