package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.BadInputCorpus;
import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.Logs;
import dev.accounts.query.support.RawHttp;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
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
 * The bad-input suite: every request of the corpus ({@code bad-input/corpus.json}) against the real command side
 * (its jar, as a process) and this query side, on a fresh PostgreSQL database. Each must answer its 4xx as an
 * {@code application/problem+json} problem with a title and a detail, and leave everything stored as it was: the
 * event log's head and size, the command side's tables (claims, idempotency keys, refresh tokens and their state,
 * signing keys, superuser seats) and the read side's (users, dead letters, replays). A summary of the counts is
 * written to {@code target/bad-input/summary.txt} ({@code bench/bad-input.sh} prints it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresBadInputIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final int MIN_CASES = 200;
    private static final String NO_OPERATION = "(another method, an unknown route or a malformed URL)";
    /** Everything the two sides store, as counts: a case that changes any of them had a side effect. */
    private static final String STORED = """
            SELECT (SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry) AS log_head,
                   (SELECT COUNT(*) FROM domain_event_entry) AS events,
                   (SELECT COUNT(*) FROM snapshot_event_entry) AS snapshots,
                   (SELECT COUNT(*) FROM account_claim) AS claims,
                   (SELECT COUNT(*) FROM idempotency_key) AS idempotency_keys,
                   (SELECT COUNT(*) FROM refresh_token) AS refresh_tokens,
                   (SELECT COUNT(*) FROM refresh_token WHERE spent_at IS NOT NULL OR revoked_at IS NOT NULL) AS refresh_tokens_ended,
                   (SELECT COUNT(*) FROM signing_key) AS signing_keys,
                   (SELECT COUNT(*) FROM superuser_seat) AS superuser_seats,
                   (SELECT COUNT(*) FROM users) AS users,
                   (SELECT COUNT(*) FROM dead_letter_entry) AS dead_letters,
                   (SELECT COUNT(*) FROM token_entry WHERE token_type LIKE '%ReplayToken') AS replaying_segments
            """;

    private static CommandSide commandSide;
    private static Process createSuperuser;
    /** The accounts' ids and tokens the corpus refers to, made once. */
    private static Map<String, String> values;
    private static final Map<String, Outcome> OUTCOMES = new ConcurrentHashMap<>();
    private static final List<BadInputCorpus.Case> CORPUS = BadInputCorpus.load();
    /** Each side's operations from its OpenAPI document, as {@code METHOD /path/{template}}. */
    private static Map<String, List<String>> operations;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    /** What one case got. */
    private record Outcome(BadInputCorpus.Case request, int status, boolean problem, Map<String, Object> sideEffects) {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.freshPostgres();
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        createSuperuser = commandSide.createSuperuser("corpus.root@example.com", "corpus-root", PASSWORD);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        registry.add("accounts.auth.jwk-set-uri", () -> commandSide.api().base() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void summariseAndStop() {
        try {
            if (!OUTCOMES.isEmpty()) {
                writeSummary();
            }
        } finally {
            if (commandSide != null) {
                commandSide.close();
            }
        }
    }

    @Test
    @Order(1)
    void theCorpusHasEnoughCasesEachWithAUniqueIdAnExpected4xxAndAKnownSideAndRole() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(MIN_CASES);
        assertThat(CORPUS).extracting(BadInputCorpus.Case::id).doesNotHaveDuplicates();
        assertThat(CORPUS).allSatisfy(request -> {
            assertThat(request.status()).as(request.id()).isBetween(400, 499);
            assertThat(request.side()).as(request.id()).isIn("command", "query");
            assertThat(request.auth()).as(request.id()).isIn("none", "user", "staff", "superuser", "service");
        });
    }

    @Test
    @Order(2)
    void theCorpusHasCasesForEveryOperationOfBothApis() {
        Map<String, List<String>> uncovered = new TreeMap<>();
        operations().forEach((side, sideOperations) -> sideOperations.forEach(operation -> {
            boolean covered = CORPUS.stream().anyMatch(request -> request.side().equals(side)
                    && operation.equals(endpoint(request, sideOperations)));
            if (!covered) {
                uncovered.computeIfAbsent(side, key -> new ArrayList<>()).add(operation);
            }
        }));
        assertThat(uncovered).as("operations of the OpenAPI documents with no case").isEmpty();
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> everyCaseAnswersItsProblemAndStoresNothing() {
        values = accounts();
        Map<String, Object> before = stored();
        return CORPUS.stream().map(request -> DynamicTest.dynamicTest(request.id(), () -> {
            Map<String, Object> ahead = stored();
            RawHttp.Response response = send(request);
            Map<String, Object> after = stored();
            Map<String, Object> changed = new TreeMap<>();
            ahead.forEach((table, count) -> {
                if (!count.equals(after.get(table))) {
                    changed.put(table, ahead.get(table) + " -> " + after.get(table));
                }
            });
            boolean problem = isProblem(response);
            OUTCOMES.put(request.id(), new Outcome(request, response.status(), problem, changed));

            assertThat(response.status()).as("%s: status of %s", request, response.body()).isEqualTo(request.status());
            assertThat(response.header("Content-Type")).as("%s: Content-Type of %s", request, response.body())
                    .startsWith("application/problem+json");
            assertThat(problem).as("%s: a problem with a title and a detail: %s", request, response.body()).isTrue();
            assertThat(changed).as("%s: what it changed in the store", request).isEmpty();
            assertThat(secrets()).as("%s: secrets in the answer %s", request, response.body())
                    .noneMatch(secret -> response.body().contains(secret));
            assertThat(after).as("%s: the store against its state before the corpus", request).isEqualTo(before);
        }));
    }

    @Test
    @Order(4)
    void neitherSideLoggedAnErrorOrASecret(CapturedOutput output) {
        Logs.assertNoErrorsOrAxonWarnings(output.getAll());
        assertThat(commandSide.output().lines().filter(line -> line.contains(" ERROR "))).as("errors the command side logged")
                .isEmpty();
        assertThat(secrets()).noneMatch(secret -> output.getAll().contains(secret) || commandSide.output().contains(secret));
    }

    private RawHttp.Response send(BadInputCorpus.Case request) {
        List<String> headers = new ArrayList<>();
        String token = values.get(request.auth() + "_token");
        if (token != null) {
            headers.add("Authorization: Bearer " + token);
        }
        headers.addAll(request.headerLines(values));
        int target = "command".equals(request.side()) ? commandSide.api().port() : port;
        return RawHttp.send(target, request.method(), request.target(values), headers, request.bodyBytes(values));
    }

    /** What no answer may carry: the accounts' password and access tokens. */
    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        values.forEach((name, value) -> {
            if (name.endsWith("_token")) {
                secrets.add(value);
            }
        });
        return secrets;
    }

    private static boolean isProblem(RawHttp.Response response) {
        try {
            JsonNode problem = Api.JSON.readTree(response.body());
            return problem.isObject() && !problem.path("title").asString("").isBlank()
                    && !problem.path("detail").asString("").isBlank()
                    && problem.path("status").asInt() == response.status();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private Map<String, Object> stored() {
        return new TreeMap<>(jdbc.sql(STORED).query().singleRow());
    }

    /**
     * A superuser (made by {@code createsuperuser}, as an operator would), a staff member, a user and another user,
     * each through the command side's API, logged in for real; a service token the superuser asks for; then waits
     * until the projection has applied all of it, so that the store is still when the corpus starts.
     */
    private Map<String, String> accounts() {
        Map<String, String> accounts = new LinkedHashMap<>();
        String root = commandSide.superuserToken(createSuperuser, "corpus.root@example.com", PASSWORD);
        accounts.put("superuser_token", root);
        accounts.put("superuser_id", subject(root));
        accounts.put("user_id", register("corpus-user"));
        accounts.put("other_id", register("corpus-other"));
        accounts.put("staff_id", register("corpus-staff"));
        Api.Response granted = commandSide.api().call("POST", "/api/users/" + accounts.get("staff_id") + "/staff", null,
                "Authorization", "Bearer " + root);
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        accounts.put("user_token", logIn("corpus-user"));
        accounts.put("staff_token", logIn("corpus-staff"));
        Api.Response service = commandSide.api().postJson("/api/auth/service-token", "{\"name\": \"corpus\"}",
                "Authorization", "Bearer " + root);
        assertThat(service.status()).as(service.body()).isEqualTo(200);
        accounts.put("service_token", service.json().get("access").asString());

        Api operator = new Api(port).withHeaders("Authorization", "Bearer " + root);
        await("the users projection to catch up with the accounts").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    JsonNode users = operator.get("/api/projections/users").json();
                    return users.get("lag").asLong() == 0 && !users.get("replaying").asBoolean();
                });
        return accounts;
    }

    private static String register(String name) {
        Api.Response registered = commandSide.register(name.replace('-', '.') + "@example.com", name, PASSWORD, "", "");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("id").asString();
    }

    private static String logIn(String name) {
        Api.Response login = commandSide.logIn(name.replace('-', '.') + "@example.com", PASSWORD);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("access").asString();
    }

    private static String subject(String jwt) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("sub").asString();
    }

    private Map<String, List<String>> operations() {
        if (operations == null) {
            operations = new LinkedHashMap<>();
            operations.put("command", operationsOf(commandSide.api()));
            operations.put("query", operationsOf(new Api(port)));
        }
        return operations;
    }

    private static List<String> operationsOf(Api api) {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        List<String> found = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> found.add(method.toUpperCase() + " " + path.getKey())));
        return found;
    }

    /**
     * The operation a case is sent to (its method and the path template its path matches), a literal path before a
     * template; {@link #NO_OPERATION} for another method, an unknown route or a path no route can match.
     */
    private static String endpoint(BadInputCorpus.Case request, List<String> operations) {
        String path = request.path().split("\\?", 2)[0];
        return operations.stream().filter(operation -> operation.startsWith(request.method() + " "))
                .filter(operation -> template(operation.substring(operation.indexOf(' ') + 1)).matcher(path).matches())
                .min((a, b) -> Integer.compare(a.indexOf('{') < 0 ? 0 : 1, b.indexOf('{') < 0 ? 0 : 1))
                .orElse(NO_OPERATION);
    }

    private static Pattern template(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    /** The counts a reader of docs/RELIABILITY.md wants: overall, by category and by endpoint. */
    private static void writeSummary() {
        List<Outcome> outcomes = CORPUS.stream().map(request -> OUTCOMES.get(request.id())).filter(o -> o != null).toList();
        long clientErrors = outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).count();
        long serverErrors = outcomes.stream().filter(o -> o.status() >= 500).count();
        long notProblems = outcomes.stream().filter(o -> !o.problem()).count();
        long sideEffects = outcomes.stream().filter(o -> !o.sideEffects().isEmpty()).count();
        long unexpected = outcomes.stream().filter(o -> o.status() != o.request().status()).count();
        StringBuilder summary = new StringBuilder()
                .append("bad-input: %d cases sent, %d answered 4xx, %d 5xx, %d other, %d not problem+json, %d with stored side effects, %d not the expected status%n"
                        .formatted(outcomes.size(), clientErrors, serverErrors,
                                outcomes.size() - clientErrors - serverErrors, notProblems, sideEffects, unexpected));
        summary.append("by status:").append(counts(outcomes, o -> Integer.toString(o.status()))).append('\n');
        summary.append("by category:").append(counts(outcomes, o -> o.request().category())).append('\n');
        summary.append("by side:").append(counts(outcomes, o -> o.request().side())).append('\n');
        if (operations != null) {
            summary.append("by endpoint:").append(counts(outcomes,
                    o -> o.request().side() + " " + endpoint(o.request(), operations.get(o.request().side())))).append('\n');
        }
        outcomes.stream().filter(o -> o.status() != o.request().status() || !o.problem() || !o.sideEffects().isEmpty())
                .forEach(o -> summary.append("FAILED %s: %d (expected %d), problem %s, changed %s%n"
                        .formatted(o.request(), o.status(), o.request().status(), o.problem(), o.sideEffects())));
        System.out.print(summary);
        try {
            Path file = Path.of("target", "bad-input", "summary.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, summary, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String counts(List<Outcome> outcomes, Function<Outcome, String> key) {
        return outcomes.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting())).entrySet()
                .stream().map(entry -> " " + entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","));
    }
}
