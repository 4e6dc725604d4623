package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.Registrations;
import dev.accounts.testsupport.Api;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * Accounts and tokens for the auth tests, made through the API as a client would (superusers through the
 * CLI's flow). Remembers every response body, password and refresh token it saw, for the secrets checks.
 */
final class AuthFixtures {

    static final String PASSWORD = "Tr0ub4dor&3-horse-staple";

    private final Api api;
    private final Registrations registrations;
    private final List<String> bodies;
    private final List<String> passwords;
    private final List<String> refreshTokens;

    /** Fixtures over a client, carrying on the records of {@code previous} (null for none). */
    AuthFixtures(Api api, Registrations registrations, AuthFixtures previous) {
        this.api = api;
        this.registrations = registrations;
        this.bodies = previous != null ? previous.bodies : new CopyOnWriteArrayList<>();
        this.passwords = previous != null ? previous.passwords : new CopyOnWriteArrayList<>(List.of(PASSWORD));
        this.refreshTokens = previous != null ? previous.refreshTokens : new CopyOnWriteArrayList<>();
    }

    /** A person with an account and a fresh pair of tokens. */
    record Person(UUID id, String email, String username, String password, String access, String refresh) {

        String bearer() {
            return "Bearer " + access;
        }
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    List<String> bodies() {
        return bodies;
    }

    List<String> passwords() {
        return passwords;
    }

    List<String> refreshTokens() {
        return refreshTokens;
    }

    /** Any call, recorded; a body in the answer carrying a refresh token is remembered too. */
    Api.Response call(String method, String path, String jsonBody, String... headers) {
        return record(path, api.call(method, path, jsonBody, headers));
    }

    Api.Response postJson(String path, String jsonBody, String... headers) {
        return call("POST", path, jsonBody, headers);
    }

    Api.Response get(String path, String... headers) {
        return record(path, api.get(path, headers));
    }

    /** A password used in a request, to look for afterwards. */
    String usePassword(String password) {
        passwords.add(password);
        return password;
    }

    private Api.Response record(String path, Api.Response response) {
        bodies.add(response.body());
        if (path.startsWith("/api/auth/") && response.status() == 200 && response.json().has("refresh")) {
            refreshTokens.add(response.json().get("refresh").asString());
        }
        return response;
    }

    /** Registers an ordinary account through {@code POST /api/users}. */
    UUID register(String name) {
        Api.Response response = postJson("/api/users", Api.registration(name + "@example.com", name, PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    /** Creates a superuser as {@code createsuperuser} does. */
    UUID superuser(String name) {
        return registrations.open(new Registrations.Application(new AccountDetails(name + "@example.com", name, "", ""),
                PASSWORD, Registrations.Kind.SUPERUSER, true, "cli", null)).userId();
    }

    Api.Response login(String email, String password) {
        usePassword(password);
        return postJson("/api/auth/login", "{\"email\": %s, \"password\": %s}".formatted(quote(email), quote(password)));
    }

    Person loggedIn(UUID id, String name) {
        Api.Response response = login(name + "@example.com", PASSWORD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        return new Person(id, name + "@example.com", name, PASSWORD, body.get("access").asString(),
                body.get("refresh").asString());
    }

    Person user() {
        String name = unique("user");
        return loggedIn(register(name), name);
    }

    Person superuserLoggedIn() {
        String name = unique("root");
        return loggedIn(superuser(name), name);
    }

    Person staff(Person superuser) {
        String name = unique("staff");
        UUID id = register(name);
        Api.Response granted = call("POST", "/api/users/" + id + "/staff", null, "Authorization", superuser.bearer());
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        return loggedIn(id, name);
    }

    Api.Response refresh(String refreshToken) {
        return postJson("/api/auth/refresh", "{\"refresh\": %s}".formatted(quote(refreshToken)));
    }

    static String quote(String value) {
        return value == null ? "null" : Api.JSON.writeValueAsString(value);
    }

    /** The decoded JSON of a JWT's header (0) or payload (1). */
    static JsonNode part(String jwt, int index) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
