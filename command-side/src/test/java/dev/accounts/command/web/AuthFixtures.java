package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.Registrations;
import dev.accounts.testsupport.Api;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Accounts and tokens for the auth tests, made through the API as a client would (superusers through the CLI's flow). */
final class AuthFixtures {

    static final String PASSWORD = "Tr0ub4dor&3-horse-staple";

    private final Api api;
    private final Registrations registrations;

    AuthFixtures(Api api, Registrations registrations) {
        this.api = api;
        this.registrations = registrations;
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

    /** Registers an ordinary account through {@code POST /api/users}. */
    UUID register(String name) {
        Api.Response response = api.postJson("/api/users", Api.registration(name + "@example.com", name, PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    /** Creates a superuser as {@code createsuperuser} does. */
    UUID superuser(String name) {
        return registrations.open(new Registrations.Application(new AccountDetails(name + "@example.com", name, "", ""),
                PASSWORD, Registrations.Kind.SUPERUSER, true, "cli", null)).userId();
    }

    Api.Response login(String email, String password) {
        return api.postJson("/api/auth/login", "{\"email\": %s, \"password\": %s}".formatted(quote(email), quote(password)));
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
        Api.Response granted = api.send(api.request("/api/users/" + id + "/staff", "Authorization", superuser.bearer())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        return loggedIn(id, name);
    }

    Api.Response refresh(String refreshToken) {
        return api.postJson("/api/auth/refresh", "{\"refresh\": %s}".formatted(quote(refreshToken)));
    }

    static String quote(String value) {
        return value == null ? "null" : Api.JSON.writeValueAsString(value);
    }

    /** The decoded JSON of a JWT's header (0) or payload (1). */
    static JsonNode part(String jwt, int index) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
