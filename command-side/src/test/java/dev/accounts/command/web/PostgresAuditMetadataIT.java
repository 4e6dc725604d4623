package dev.accounts.command.web;

import static dev.accounts.command.web.AuthFixtures.PASSWORD;
import static dev.accounts.command.web.AuthFixtures.quote;
import static dev.accounts.command.web.AuthFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.AccountCommands.GrantStaff;
import dev.accounts.command.user.PasswordSet;
import dev.accounts.command.web.AuthFixtures.Person;
import dev.accounts.events.UserEvent;
import dev.accounts.testsupport.Api;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The audit metadata of every event type as the log stores it: who caused it (the account itself, staff or a
 * superuser acting on another account, an anonymous caller, the command line, the service on its own), the
 * request's {@code X-Request-Id} as correlation id, the command's id as causation id, and the client's address
 * and user agent; and the {@code X-Request-Id} of every response.
 */
class PostgresAuditMetadataIT extends PostgresAuthBase {

    private static final String USER_AGENT = "AuditTest/1.0";
    private static final String NEW_PASSWORD = "Correct-horse-battery-9";
    private static final Set<String> AUDIT_KEYS =
            Set.of("actor", "correlation_id", "causation_id", "client_address", "user_agent");
    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Autowired
    CommandGateway commands;

    /** An event as the log holds it. */
    private record Stored(long position, String userId, String type, JsonNode metadata) {

        String meta(String key) {
            JsonNode value = metadata.get(key);
            return value == null ? null : value.asString();
        }
    }

    /** A request and the events it appended. */
    private record Call(Api.Response response, List<Stored> events) {

        List<String> types() {
            return events.stream().map(Stored::type).toList();
        }
    }

    private long head() {
        return jdbc.sql("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry").query(Long.class).single();
    }

    private List<Stored> eventsAfter(long position) {
        return jdbc.sql("SELECT global_index, aggregate_identifier, payload_type, meta_data FROM domain_event_entry"
                        + " WHERE global_index > ? ORDER BY global_index").param(position)
                .query((row, n) -> new Stored(row.getLong(1), row.getString(2),
                        row.getString(3).substring(row.getString(3).lastIndexOf('.') + 1),
                        Api.JSON.readTree(new String(row.getBytes(4), StandardCharsets.UTF_8)))).list();
    }

    private List<Stored> eventsOf(UUID userId) {
        return eventsAfter(0).stream().filter(event -> event.userId().equals(userId.toString())).toList();
    }

    /**
     * A request as a client that names it and its user agent sends it; every event it appended carries the request's
     * id, the client's address and user agent, and the id of the command that caused it.
     */
    private Call call(String method, String path, String body, Person caller, int status) {
        String requestId = "audit-" + UUID.randomUUID();
        List<String> headers = new ArrayList<>(List.of("X-Request-Id", requestId, "User-Agent", USER_AGENT));
        if (caller != null) {
            headers.addAll(List.of("Authorization", caller.bearer()));
        }
        long before = head();
        Api.Response response = fixtures.call(method, path, body, headers.toArray(String[]::new));
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
        List<Stored> appended = eventsAfter(before);
        assertThat(appended).allSatisfy(event -> {
            assertThat(event.meta("correlation_id")).isEqualTo(requestId);
            assertThat(event.meta("causation_id")).matches(UUID_FORM);
            assertThat(event.meta("client_address")).isEqualTo("127.0.0.1");
            assertThat(event.meta("user_agent")).isEqualTo(USER_AGENT);
        });
        return new Call(response, appended);
    }

    private Call login(String email, String password, Person caller, int status) {
        fixtures.usePassword(password);
        return call("POST", "/api/auth/login", "{\"email\": %s, \"password\": %s}".formatted(quote(email), quote(password)),
                caller, status);
    }

    private static void assertCausedBy(Call call, String actor, String... types) {
        assertThat(call.types()).containsExactly(types);
        assertThat(call.events()).allSatisfy(event -> assertThat(event.meta("actor")).as(event.type()).isEqualTo(actor));
    }

    @Test
    void everyEventTypeNamesWhoCausedItAndTheRequestAndCommandItCameFrom() {
        long start = head();
        Person root = fixtures.superuserLoggedIn();
        String name = unique("audited");

        // the account itself, not logged in: sign-up and login
        Call signUp = call("POST", "/api/users", Api.registration(name + "@example.com", name, PASSWORD), null, 201);
        String self = signUp.response().json().get("id").asString();
        assertCausedBy(signUp, self, "UserRegistered", "PasswordSet");
        assertThat(signUp.events().get(0).meta("causation_id")).as("one command: RegisterUser")
                .isEqualTo(signUp.events().get(1).meta("causation_id"));
        Call login = login(name + "@example.com", PASSWORD, null, 200);
        assertCausedBy(login, self, "UserLoggedIn");
        Person person = new Person(UUID.fromString(self), name + "@example.com", name, PASSWORD,
                login.response().json().get("access").asString(), login.response().json().get("refresh").asString());

        // the account itself, logged in
        String renamed = unique("renamed");
        Call profile = call("PATCH", "/api/users/" + self, "{\"first_name\": \"Ada\", \"email\": \"%s@example.com\", \"username\": \"%s\"}"
                .formatted(renamed, renamed), person, 200);
        assertCausedBy(profile, self, "ProfileChanged", "EmailChanged", "UsernameChanged");
        fixtures.usePassword(NEW_PASSWORD);
        Call password = call("POST", "/api/users/" + self + "/password", "{\"old_password\": %s, \"new_password\": %s}"
                .formatted(quote(PASSWORD), quote(NEW_PASSWORD)), person, 204);
        assertCausedBy(password, self, "PasswordChanged", "PasswordSet");

        // a superuser and staff acting on other accounts
        String otherName = unique("other");
        UUID other = fixtures.register(otherName);
        String superuser = root.id().toString();
        assertCausedBy(call("POST", "/api/users/" + self + "/staff", null, root, 200), superuser, "StaffGranted");
        assertCausedBy(call("PATCH", "/api/users/" + other, "{\"last_name\": \"Other\"}", person, 200), self, "ProfileChanged");
        assertCausedBy(call("DELETE", "/api/users/" + self + "/staff", null, root, 200), superuser, "StaffRevoked");
        assertCausedBy(call("POST", "/api/users/" + other + "/superuser", null, root, 200), superuser, "SuperuserGranted");
        assertCausedBy(call("DELETE", "/api/users/" + other + "/superuser", null, root, 200), superuser, "SuperuserRevoked");
        assertCausedBy(call("POST", "/api/users/" + other + "/deactivate", null, root, 200), superuser, "UserDeactivated");
        // a refused login of a caller who is not logged in: anonymous
        assertCausedBy(login(otherName + "@example.com", PASSWORD, null, 401), "anonymous", "LoginFailed");
        assertCausedBy(call("POST", "/api/users/" + other + "/activate", null, root, 200), superuser, "UserActivated");
        for (int attempt = 1; attempt < 5; attempt++) {
            assertCausedBy(login(otherName + "@example.com", "Wrong-password-" + attempt, null, 401), "anonymous",
                    "LoginFailed");
        }
        assertCausedBy(login(otherName + "@example.com", "Wrong-password-5", null, 401), "anonymous",
                "LoginFailed", "AccountLocked");
        // a refused login of a caller who is logged in: that caller
        assertCausedBy(login(renamed + "@example.com", "Wrong-password-6", person, 401), self, "LoginFailed");
        String second = unique("root2");
        Call created = call("POST", "/api/superusers", Api.registration(second + "@example.com", second, PASSWORD), root, 201);
        assertCausedBy(created, superuser, "SuperuserCreated", "PasswordSet");

        // the service on its own: no request, no caller
        long beforeSystem = head();
        commands.sendAndWait(new GrantStaff(other));
        List<Stored> system = eventsAfter(beforeSystem);
        assertThat(system).extracting(Stored::type).containsExactly("StaffGranted");
        assertThat(system.get(0).meta("actor")).isEqualTo("system");
        assertThat(system.get(0).meta("correlation_id")).isEqualTo(system.get(0).meta("causation_id")).matches(UUID_FORM);
        assertThat(system.get(0).metadata().has("client_address")).isFalse();

        // the command line's flow (AuthFixtures opens the superuser as createsuperuser does; CreateSuperuserIT runs the jar)
        List<Stored> cli = eventsOf(root.id());
        assertThat(cli).extracting(Stored::type).startsWith("SuperuserCreated", "PasswordSet");
        assertThat(cli.subList(0, 2)).allSatisfy(event -> {
            assertThat(event.meta("actor")).isEqualTo("cli");
            assertThat(event.metadata().has("client_address")).isFalse();
        });

        List<Stored> seen = eventsAfter(start);
        Set<String> everyType = Stream.concat(Arrays.stream(UserEvent.class.getPermittedSubclasses()), Stream.of(PasswordSet.class))
                .map(Class::getSimpleName).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(seen.stream().map(Stored::type).collect(Collectors.toSet())).containsAll(everyType);
        assertThat(seen).allSatisfy(event -> {
            assertThat(AUDIT_KEYS).as(event.type() + " " + event.metadata()).containsAll(fieldNames(event.metadata()));
            assertThat(event.meta("actor")).as(event.type()).isNotBlank();
            assertThat(event.meta("correlation_id")).as(event.type()).isNotBlank();
            assertThat(event.meta("causation_id")).as(event.type()).matches(UUID_FORM);
        });
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.properties().forEach(property -> names.add(property.getKey()));
        return names;
    }

    @Test
    void aGeneratedRequestIdIsAnsweredAndCorrelatesTheEvents() {
        String name = unique("generated");
        long before = head();

        Api.Response response = fixtures.postJson("/api/users", Api.registration(name + "@example.com", name, PASSWORD),
                "Idempotency-Key", UUID.randomUUID().toString());

        assertThat(response.status()).isEqualTo(201);
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).matches(UUID_FORM);
        assertThat(eventsAfter(before)).hasSize(2).allSatisfy(event -> {
            assertThat(event.meta("correlation_id")).isEqualTo(requestId);
            assertThat(event.metadata().has("idempotency_key")).as("request-only metadata stays off the log").isFalse();
            assertThat(event.metadata().has("request_fingerprint")).isFalse();
        });
    }

    @Test
    void everyResponseCarriesTheClientsRequestIdOrANewOne() {
        Person root = fixtures.superuserLoggedIn();
        Map<String, Api.Response> answers = new java.util.LinkedHashMap<>();
        answers.put("201", fixtures.postJson("/api/users", Api.registration(unique("r") + "@example.com", unique("r"), PASSWORD),
                "X-Request-Id", "mine-201"));
        answers.put("400", fixtures.postJson("/api/users", "{\"email\": \"nope\"}", "X-Request-Id", "mine-400"));
        answers.put("401", fixtures.call("POST", "/api/users/" + root.id() + "/staff", null, "X-Request-Id", "mine-401"));
        answers.put("404", fixtures.call("POST", "/api/users/" + UUID.randomUUID() + "/staff", null,
                "X-Request-Id", "mine-404", "Authorization", root.bearer()));
        answers.put("413", fixtures.postJson("/api/users", "{\"email\": \"" + "x".repeat(70_000) + "\"}",
                "X-Request-Id", "mine-413"));
        answers.put("200", fixtures.get("/actuator/health", "X-Request-Id", "mine-200"));

        answers.forEach((status, response) -> {
            assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(status));
            assertThat(response.header("X-Request-Id")).as(status).isEqualTo("mine-" + status);
        });
        Api.Response unnamed = fixtures.get("/.well-known/jwks.json");
        Api.Response tooLong = fixtures.get("/.well-known/jwks.json", "X-Request-Id", "x".repeat(129));
        assertThat(unnamed.header("X-Request-Id")).matches(UUID_FORM);
        assertThat(tooLong.header("X-Request-Id")).matches(UUID_FORM).isNotEqualTo(unnamed.header("X-Request-Id"));
    }
}
