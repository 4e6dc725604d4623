package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Commands;
import dev.accounts.query.support.Logs;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
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

/**
 * End to end on PostgreSQL, in a database of its own: the real command side runs as a separate process
 * from its jar; users are registered over its HTTP API and read through this side's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "accounts.read-your-writes.max-wait=2s")
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresEndToEndIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    /** In every name this run registers, so that each test can find its own users. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static CommandSide commandSide;
    private static Process createSuperuser;
    private static String earlyUser;
    private static String earlyPosition;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        // written before the query side starts: its processor meets them as history, through a replay token
        Api.Response early = commandSide.register("early." + RUN + "@example.com", "early-" + RUN, PASSWORD, "Early", "Bird");
        assertThat(early.status()).isEqualTo(201);
        earlyUser = early.json().get("id").asString();
        earlyPosition = early.header("X-Event-Position");
        createSuperuser = commandSide.createSuperuser("root." + RUN + "@example.com", "root-" + RUN, PASSWORD);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        // the query side verifies tokens with the command side's published keys
        registry.add("accounts.auth.jwk-set-uri", () -> commandSide.api().base() + "/.well-known/jwks.json");
    }

    /** The superuser's access token, issued by the command side once createsuperuser has finished. */
    private static String rootToken;

    private static String logIn(String email, String password) {
        Api.Response login = commandSide.logIn(email, password);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("access").asString();
    }

    @AfterAll
    static void stopTheCommandSide() {
        if (commandSide != null) {
            commandSide.close();
        }
    }

    @BeforeEach
    void client() {
        if (rootToken == null) {
            rootToken = commandSide.superuserToken(createSuperuser, "root." + RUN + "@example.com", PASSWORD);
        }
        api = new Api(port).withHeaders("Authorization", "Bearer " + rootToken);
    }

    private static Api.Response register(String username, String firstName, String lastName) {
        Api.Response response = commandSide.register(username + "@example.com", username, PASSWORD, firstName, lastName);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }

    private static String query(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return "/api/users?" + String.join("&", parts);
    }

    private static List<String> usernames(Api.Response page) {
        return StreamSupport.stream(page.json().get("results").spliterator(), false)
                .map(user -> user.get("username").asString()).toList();
    }

    private static void assertProblem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(response.json().get("errors").has(field)).as(response.body()).isTrue();
            assertThat(response.json().get("errors").get(field).get(0).asString()).isNotBlank();
        }
    }

    @Test
    @Order(1)
    void showsUsersRegisteredBeforeItStarted() {
        Api.Response response = api.get("/api/users/" + earlyUser, "X-Min-Position", earlyPosition);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("username").asString()).isEqualTo("early-" + RUN);
        assertThat(response.json().get("first_name").asString()).isEqualTo("Early");
    }

    @Test
    @Order(2)
    void readsItsOwnWriteWithTheCommandSidesEventPosition() {
        Api.Response registered = register("own-" + RUN, "Own", "Write");
        String id = registered.json().get("id").asString();
        String position = registered.header("X-Event-Position");

        Api.Response one = api.get("/api/users/" + id, "X-Min-Position", position);
        Api.Response list = api.get(query("search", "own-" + RUN), "X-Min-Position", position);

        assertThat(one.status()).as(one.body()).isEqualTo(200);
        JsonNode user = one.json();
        assertThat(user.get("id").asString()).isEqualTo(id);
        assertThat(user.get("email").asString()).isEqualTo("own-" + RUN + "@example.com");
        assertThat(user.get("username").asString()).isEqualTo("own-" + RUN);
        assertThat(user.get("first_name").asString()).isEqualTo("Own");
        assertThat(user.get("last_name").asString()).isEqualTo("Write");
        assertThat(user.get("is_active").asBoolean()).isTrue();
        assertThat(user.get("is_staff").asBoolean()).isFalse();
        assertThat(user.get("is_superuser").asBoolean()).isFalse();
        assertThat(user.get("date_joined").asString()).endsWith("Z");
        assertThat(user.get("last_login").isNull()).isTrue();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("count").asLong()).isEqualTo(1);
        assertThat(usernames(list)).containsExactly("own-" + RUN);
    }

    @Test
    @Order(3)
    void answersAReadOfOwnWriteAsSoonAsTheProjectionHasIt() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Response registered = register("prompt" + i + "-" + RUN, "", "");
            long asked = System.nanoTime();

            Api.Response read = api.get("/api/users/" + registered.json().get("id").asString(),
                    "X-Min-Position", registered.header("X-Event-Position"));

            waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
            assertThat(read.status()).isEqualTo(200);
        }
        System.out.println("Read of own write answered after (ms): " + waits);
        // not after the 1 s a segment may take to store its token past an event it does not handle
        assertThat(waits.stream().sorted().toList().get(waits.size() / 2)).isLessThan(300);
    }

    @Test
    @Order(4)
    void showsANewUserWithinASecondWithoutAnyHeader() {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = register("fresh" + i + "-" + RUN, "", "").json().get("id").asString();
            long registered = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> api.get("/api/users/" + id).status() == 200);

            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registered));
        }
        System.out.println("New user visible on the query side after (ms): " + latencies);
    }

    @Test
    @Order(5)
    void showsASuperuserCreatedFromTheCommandLineAsStaffAndSuperuser() throws InterruptedException {
        assertThat(createSuperuser.waitFor(90, TimeUnit.SECONDS)).as("createsuperuser finished").isTrue();
        assertThat(createSuperuser.exitValue()).isZero();

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            Api.Response superusers = api.get(query("is_superuser", "true", "search", RUN));
            assertThat(usernames(superusers)).containsExactly("root-" + RUN);
            JsonNode root = superusers.json().get("results").get(0);
            assertThat(root.get("is_staff").asBoolean()).isTrue();
            assertThat(root.get("is_active").asBoolean()).isTrue();
        });
    }

    @Test
    @Order(6)
    void searchesFiltersOrdersAndPages() {
        String tag = "pg" + RUN;
        String position = "0";
        Map<String, String[]> people = new LinkedHashMap<>();
        people.put("ada", new String[] {"Ada", "Lovelace"});
        people.put("grace", new String[] {"Grace", "Hopper"});
        people.put("alan", new String[] {"Alan", "Turing"});
        people.put("barbara", new String[] {"Barbara", "Liskov"});
        people.put("edsger", new String[] {"Edsger", "Dijkstra"});
        for (Map.Entry<String, String[]> person : people.entrySet()) {
            position = register(tag + "-" + person.getKey(), person.getValue()[0], person.getValue()[1])
                    .header("X-Event-Position");
        }

        Api.Response all = api.get(query("search", tag), "X-Min-Position", position);
        assertThat(all.json().get("count").asLong()).isEqualTo(5);
        assertThat(usernames(all)).containsExactly(tag + "-ada", tag + "-grace", tag + "-alan", tag + "-barbara", tag + "-edsger");

        assertThat(usernames(api.get(query("search", tag.toUpperCase() + " HOPPER")))).containsExactly(tag + "-grace");
        assertThat(usernames(api.get(query("search", tag + ",dijk")))).containsExactly(tag + "-edsger");
        assertThat(usernames(api.get(query("search", tag, "ordering", "-username"))))
                .containsExactly(tag + "-grace", tag + "-edsger", tag + "-barbara", tag + "-alan", tag + "-ada");
        assertThat(usernames(api.get(query("search", tag, "ordering", "last_name"))))
                .containsExactly(tag + "-edsger", tag + "-grace", tag + "-barbara", tag + "-ada", tag + "-alan");
        assertThat(usernames(api.get(query("search", tag, "ordering", "is_staff,-first_name"))))
                .containsExactly(tag + "-grace", tag + "-edsger", tag + "-barbara", tag + "-alan", tag + "-ada");
        assertThat(api.get(query("search", tag, "is_active", "true", "is_staff", "false", "is_superuser", "false"))
                .json().get("count").asLong()).isEqualTo(5);
        assertThat(api.get(query("search", tag, "is_staff", "true")).json().get("count").asLong()).isZero();
        assertThat(api.get(query("search", tag, "is_active", "0")).json().get("count").asLong()).isZero();

        Api.Response first = api.get(query("search", tag, "ordering", "username", "page_size", "2"));
        assertThat(first.json().get("count").asLong()).isEqualTo(5);
        assertThat(usernames(first)).containsExactly(tag + "-ada", tag + "-alan");
        assertThat(first.json().get("previous").isNull()).isTrue();
        String next = first.json().get("next").asString();
        assertThat(next).isEqualTo(api.base() + query("search", tag, "ordering", "username", "page_size", "2", "page", "2"));

        Api.Response second = api.get(next);
        assertThat(usernames(second)).containsExactly(tag + "-barbara", tag + "-edsger");
        assertThat(second.json().get("previous").asString())
                .isEqualTo(api.base() + query("search", tag, "ordering", "username", "page_size", "2"));

        Api.Response third = api.get(second.json().get("next").asString());
        assertThat(usernames(third)).containsExactly(tag + "-grace");
        assertThat(third.json().get("next").isNull()).isTrue();

        assertProblem(api.get(query("search", tag, "page_size", "2", "page", "4")), 404, "page");
    }

    @Test
    @Order(7)
    void answersEachBadParameterWithAProblemNamingIt() {
        Map<String, String> badQueries = new LinkedHashMap<>();
        badQueries.put("is_active=maybe", "is_active");
        badQueries.put("is_staff=2", "is_staff");
        badQueries.put("is_superuser=yes", "is_superuser");
        badQueries.put("ordering=password", "ordering");
        badQueries.put("ordering=-", "ordering");
        badQueries.put("ordering=email,,id", "ordering");
        badQueries.put("page=0", "page");
        badQueries.put("page=two", "page");
        badQueries.put("page_size=0", "page_size");
        badQueries.put("page_size=101", "page_size");
        badQueries.put("page_size=ten", "page_size");
        badQueries.forEach((badQuery, field) -> assertProblem(api.get("/api/users?" + badQuery), 400, field));

        Api.Response several = api.get("/api/users?is_active=x&page=0");
        assertProblem(several, 400, "is_active");
        assertProblem(several, 400, "page");

        assertProblem(api.get("/api/users/not-a-uuid"), 400, "id");
        assertProblem(api.get("/api/users", "X-Min-Position", "soon"), 400, "X-Min-Position");
        assertProblem(api.get("/api/users/" + earlyUser, "X-Min-Position", "-1"), 400, "X-Min-Position");
        assertProblem(api.get("/api/users/" + UUID.randomUUID()), 404, null);
        assertProblem(api.get("/api/users?page=2&search=nobody-has-this-" + RUN), 404, "page");
    }

    @Test
    @Order(8)
    void answers503WithRetryAfterWhenTheProjectionCannotReachThePositionInTime() {
        for (String path : List.of("/api/users", "/api/users/" + earlyUser)) {
            long started = System.nanoTime();

            Api.Response response = api.get(path, "X-Min-Position", "999999999");

            assertProblem(response, 503, null);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(9)
    void servesTheCallersOwnAccountAndShowsEveryChangeMadeOnTheCommandSide() {
        String id = register("me-" + RUN, "Me", "Myself").json().get("id").asString();
        String token = logIn("me-" + RUN + "@example.com", PASSWORD);
        Api mine = new Api(port).withHeaders("Authorization", "Bearer " + token);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Api.Response me = mine.get("/api/users/me");
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.json().get("id").asString()).isEqualTo(id);
            assertThat(me.json().get("last_login").isNull()).isFalse();
        });
        assertThat(mine.get("/api/users/" + id).status()).isEqualTo(200);
        assertProblem(mine.get("/api/users"), 403, null);
        assertProblem(mine.get("/api/users/" + earlyUser), 403, null);
        assertProblem(new Api(port).get("/api/users/me"), 401, null);
        assertProblem(new Api(port).get("/api/users"), 401, null);
        assertProblem(new Api(port).withHeaders("Authorization", "Bearer " + token + "x").get("/api/users/me"), 401, null);

        Api commands = commandSide.api().withHeaders("Authorization", "Bearer " + rootToken);
        String newName = "renamed-" + RUN;
        assertThat(commands.call("PATCH", "/api/users/" + id,
                "{\"username\": \"%s\", \"email\": \"%s@example.com\", \"last_name\": \"Else\"}".formatted(newName, newName))
                .status()).isEqualTo(200);
        assertThat(commands.call("POST", "/api/users/" + id + "/staff", null).status()).isEqualTo(200);
        assertThat(commands.call("POST", "/api/users/" + id + "/superuser", null).status()).isEqualTo(200);
        Api.Response deactivated = commands.call("POST", "/api/users/" + id + "/deactivate", null);
        assertThat(deactivated.status()).isEqualTo(200);

        Api.Response read = api.get("/api/users/" + id, "X-Min-Position", deactivated.header("X-Event-Position"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("username").asString()).isEqualTo(newName);
        assertThat(read.json().get("email").asString()).isEqualTo(newName + "@example.com");
        assertThat(read.json().get("first_name").asString()).isEqualTo("Me");
        assertThat(read.json().get("last_name").asString()).isEqualTo("Else");
        assertThat(read.json().get("is_staff").asBoolean()).isTrue();
        assertThat(read.json().get("is_superuser").asBoolean()).isTrue();
        assertThat(read.json().get("is_active").asBoolean()).isFalse();
    }

    @Test
    @Order(10)
    void theReplayCommandLogsInAtTheCommandSideAndReplaysOnlyForASuperuser() {
        String staffId = register("staff-" + RUN, "Staff", "Member").json().get("id").asString();
        Api commands = commandSide.api().withHeaders("Authorization", "Bearer " + rootToken);
        assertThat(commands.call("POST", "/api/users/" + staffId + "/staff", null).status()).isEqualTo(200);
        long openLogins = jdbc.sql("SELECT COUNT(*) FROM refresh_token WHERE revoked_at IS NULL").query(Long.class).single();
        String root = "root." + RUN + "@example.com";

        Commands.Result wrongPassword = replay(root, PASSWORD + "-not");
        Commands.Result staff = replay("staff-" + RUN + "@example.com", PASSWORD);
        Commands.Result superuser = replay(root, PASSWORD);

        assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isEqualTo(1);
        assertThat(wrongPassword.stderr().lines()).containsExactly("Error: the command side at " + commandSide.api().base()
                + " refused the login: Please enter a correct email and password. Note that both fields may be case-sensitive.");
        assertThat(staff.exitCode()).as(staff.toString()).isEqualTo(1);
        assertThat(staff.stderr().lines()).containsExactly("Error: the query side at http://127.0.0.1:" + port
                + " refused the replay: Only superusers may replay a projection or retry its dead letters.");
        assertThat(wrongPassword.stdout() + staff.stdout()).isEmpty();
        assertThat(superuser.exitCode()).as(superuser.toString()).isZero();
        assertThat(superuser.stdout()).contains("Replaying the users projection by the query side at http://127.0.0.1:" + port,
                "Replayed the users projection: ");
        assertThat(superuser.stderr()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refresh_token WHERE revoked_at IS NULL").query(Long.class).single())
                .as("each login the command made was revoked as it ended").isEqualTo(openLogins);
        Api.Response read = api.get("/api/users/" + staffId);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
    }

    /** {@code ./accounts replay users} while this query side runs, logging in with this email and password. */
    private Commands.Result replay(String email, String password) {
        return Commands.run(List.of("./accounts", "replay", "users"), Commands.environment(Map.of(
                "ACCOUNTS_QUERY_PORT", Integer.toString(port), "ACCOUNTS_COMMAND_URL", commandSide.api().base(),
                "ACCOUNTS_SUPERUSER_EMAIL", email, "ACCOUNTS_SUPERUSER_PASSWORD", password)), Duration.ofSeconds(60));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void logsNoErrorAndNoSecretOnEitherSide(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("PasswordSet", "pbkdf2_sha256$", PASSWORD);
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
        assertThat(commandSide.output()).doesNotContain("pbkdf2_sha256$", PASSWORD);
    }
}
