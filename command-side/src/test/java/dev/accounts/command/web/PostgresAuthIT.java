package dev.accounts.command.web;

import static dev.accounts.command.web.AuthFixtures.PASSWORD;
import static dev.accounts.command.web.AuthFixtures.part;
import static dev.accounts.command.web.AuthFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.command.auth.SigningKeys;
import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordProperties;
import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.RegisterUser;
import dev.accounts.command.web.AuthFixtures.Person;
import dev.accounts.events.AccountLocked;
import dev.accounts.events.LoginFailed;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.testsupport.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Login, tokens, refresh rotation, reuse detection, logout, lockout and its expiry, deactivated accounts and
 * hash upgrades, end to end through HTTP against PostgreSQL.
 */
class PostgresAuthIT extends PostgresAuthBase {

    @Autowired
    CommandGateway commands;
    @Autowired
    SigningKeys signingKeys;

    private Api.Response patchSelf(Person person, String bearer) {
        return fixtures.call("PATCH", "/api/users/" + person.id(), "{}", "Authorization", bearer);
    }

    @Test
    void logsInAnsweringAnEs256AccessTokenAndARefreshTokenAndAppendsUserLoggedIn() {
        String name = unique("ada");
        UUID id = fixtures.register(name);

        Api.Response response = fixtures.login("  " + name.toUpperCase() + "@EXAMPLE.com ", PASSWORD);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        String access = response.json().get("access").asString();
        JsonNode header = part(access, 0);
        JsonNode claims = part(access, 1);
        assertThat(header.get("alg").asString()).isEqualTo("ES256");
        assertThat(header.get("typ").asString()).isEqualTo("at+jwt");
        assertThat(header.get("kid").asString()).isNotBlank();
        assertThat(claims.get("sub").asString()).isEqualTo(id.toString());
        assertThat(claims.get("email").asString()).isEqualTo(name + "@example.com");
        assertThat(claims.get("roles").values()).extracting(JsonNode::asString).containsExactly("user");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(response.json().get("refresh").asString()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(eventTypesOf(id)).endsWith(UserLoggedIn.class.getName());
        // the token opens the protected routes
        assertThat(fixtures.call("PATCH", "/api/users/" + id, "{\"first_name\": \"Ada\"}", "Authorization", "Bearer " + access)
                .json().get("first_name").asString()).isEqualTo("Ada");
    }

    @Test
    void answersUnknownEmailAndWrongPasswordWithTheSame401() {
        String name = unique("grace");
        UUID id = fixtures.register(name);

        Api.Response wrongPassword = fixtures.login(name + "@example.com", "not-the-password");
        Api.Response unknownEmail = fixtures.login(unique("nobody") + "@example.com", "not-the-password");

        for (Api.Response response : List.of(wrongPassword, unknownEmail)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        assertThat(wrongPassword.json().get("detail").asString()).startsWith("Please enter a correct email and password.");
        assertThat(eventTypesOf(id)).endsWith(LoginFailed.class.getName());
        JsonNode failed = lastPayloadOf(id, LoginFailed.class);
        assertThat(failed.get("reason").asString()).isEqualTo("wrong_password");
        assertThat(failed.get("consecutive_failures").asInt()).isEqualTo(1);
    }

    @Test
    void requiresEmailAndPassword() {
        Api.Response response = fixtures.postJson("/api/auth/login", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").properties()).extracting(Map.Entry::getKey)
                .containsExactly("email", "password");
    }

    @Test
    void locksTheAccountAfterFiveWrongPasswordsAndUnlocksWhenTheLockExpires() {
        String name = unique("alan");
        UUID id = fixtures.register(name);
        for (int i = 1; i <= 5; i++) {
            assertThat(fixtures.login(name + "@example.com", "wrong-" + i).status()).isEqualTo(401);
        }

        Api.Response locked = fixtures.login(name + "@example.com", PASSWORD);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 2);
        JsonNode lock = lastPayloadOf(id, AccountLocked.class);
        assertThat(Instant.parse(lock.get("locked_until").asString())).isAfter(Instant.now().minusSeconds(1));
        assertThat(eventTypesOf(id)).doesNotContain(UserLoggedIn.class.getName());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> fixtures.login(name + "@example.com", PASSWORD).status() == 200);
        assertThat(eventTypesOf(id)).endsWith(UserLoggedIn.class.getName());
    }

    @Test
    void locksAnUnknownEmailAsItWouldAnAccountSoThatLockoutRevealsNothing() {
        String nobody = unique("nobody") + "@example.com";
        for (int i = 1; i <= 5; i++) {
            assertThat(fixtures.login(nobody, "wrong-" + i).status()).isEqualTo(401);
        }

        Api.Response locked = fixtures.login(nobody, "wrong-6");

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotNull();
    }

    @Test
    void refusesADeactivatedAccountWithTheSame401AndRevokesItsRefreshTokens() {
        Person root = fixtures.superuserLoggedIn();
        Person user = fixtures.user();
        Api.Response deactivated = fixtures.call("POST", "/api/users/" + user.id() + "/deactivate", null,
                "Authorization", root.bearer());
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(deactivated.json().get("is_active").asBoolean()).isFalse();

        Api.Response login = fixtures.login(user.email(), PASSWORD);
        Api.Response unknown = fixtures.login(unique("nobody") + "@example.com", PASSWORD);

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body()).isEqualTo(unknown.body());
        assertThat(lastPayloadOf(user.id(), LoginFailed.class).get("reason").asString()).isEqualTo("inactive");
        assertThat(fixtures.refresh(user.refresh()).status()).isEqualTo(401);
        // and its access token no longer changes anything on this side
        assertThat(patchSelf(user, user.bearer()).status()).isEqualTo(403);

        Api.Response activated = fixtures.call("POST", "/api/users/" + user.id() + "/activate", null,
                "Authorization", root.bearer());
        assertThat(activated.json().get("is_active").asBoolean()).isTrue();
        assertThat(fixtures.login(user.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void upgradesAHashWithOlderParametersOnASuccessfulLogin() {
        String name = unique("hedy");
        UUID id = UUID.randomUUID();
        String oldHash = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 500, null, null, null, null))
                .hash(PASSWORD);
        commands.sendAndWait(new RegisterUser(id, new AccountDetails(name + "@example.com", name, "", ""), oldHash));

        assertThat(fixtures.login(name + "@example.com", PASSWORD).status()).isEqualTo(200);

        JsonNode upgraded = lastPayloadOf(id, dev.accounts.command.user.PasswordSet.class);
        assertThat(upgraded.get("password_hash").asString()).startsWith("pbkdf2_sha256$1000$");
        long passwordEvents = eventTypesOf(id).stream().filter(type -> type.endsWith("PasswordSet")).count();
        assertThat(fixtures.login(name + "@example.com", PASSWORD).status()).isEqualTo(200);
        assertThat(eventTypesOf(id).stream().filter(type -> type.endsWith("PasswordSet")).count())
                .isEqualTo(passwordEvents);
    }

    @Test
    void snapshotsAnAccountThatLogsInOftenAndRebuildsItFromTheSnapshot() {
        Person user = fixtures.user();
        fixtures.call("PATCH", "/api/users/" + user.id(), "{\"first_name\": \"Often\"}", "Authorization", user.bearer());
        for (int i = 0; i < 45; i++) { // two snapshots' worth (one every 20 events)
            assertThat(fixtures.login(user.email(), PASSWORD).status()).isEqualTo(200);
        }

        assertThat(jdbc.sql("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(user.id().toString()).query(Long.class).single()).isPositive();
        Api.Response renamed = fixtures.call("PATCH", "/api/users/" + user.id(), "{\"last_name\": \"Again\"}",
                "Authorization", user.bearer());
        assertThat(renamed.json().get("first_name").asString()).isEqualTo("Often");
        assertThat(renamed.json().get("email").asString()).isEqualTo(user.email());
        assertThat(fixtures.login(user.email(), PASSWORD).status()).isEqualTo(200);
        assertThat(fixtures.login(user.email(), "Wr0ng-guess!").status()).isEqualTo(401);
    }

    @Test
    void rotatesTheRefreshTokenOnEveryUse() {
        Person user = fixtures.user();

        Api.Response first = fixtures.refresh(user.refresh());
        String second = first.json().get("refresh").asString();
        Api.Response third = fixtures.refresh(second);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second).isNotEqualTo(user.refresh());
        assertThat(part(first.json().get("access").asString(), 1).get("sub").asString()).isEqualTo(user.id().toString());
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().get("refresh").asString()).isNotEqualTo(second);
    }

    @Test
    void aRefreshedAccessTokenCarriesTheRolesTheAccountHasNow() {
        Person root = fixtures.superuserLoggedIn();
        Person user = fixtures.user();
        assertThat(fixtures.call("POST", "/api/users/" + user.id() + "/staff", null, "Authorization", root.bearer())
                .status()).isEqualTo(200);

        Api.Response refreshed = fixtures.refresh(user.refresh());

        assertThat(part(user.access(), 1).get("roles").values()).extracting(JsonNode::asString).containsExactly("user");
        assertThat(part(refreshed.json().get("access").asString(), 1).get("roles").values()).extracting(JsonNode::asString)
                .containsExactly("user", "staff");
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamily() {
        Person user = fixtures.user();
        String next = fixtures.refresh(user.refresh()).json().get("refresh").asString();

        Api.Response replay = fixtures.refresh(user.refresh());

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
        // the thief's replay also ends the legitimate holder's session: log in again
        assertThat(fixtures.refresh(next).status()).isEqualTo(401);
        // another login's family is untouched
        Person again = fixtures.loggedIn(user.id(), user.username());
        assertThat(fixtures.refresh(again.refresh()).status()).isEqualTo(200);
    }

    @Test
    void logsOutByRevokingTheRefreshTokensFamily() {
        Person user = fixtures.user();
        String next = fixtures.refresh(user.refresh()).json().get("refresh").asString();

        Api.Response logout = fixtures.postJson("/api/auth/logout", "{\"refresh\": \"%s\"}".formatted(next));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(fixtures.refresh(next).status()).isEqualTo(401);
        assertThat(fixtures.postJson("/api/auth/logout", "{\"refresh\": \"%s\"}".formatted(next)).status()).isEqualTo(204);
    }

    @Test
    void refusesUnknownAndMissingRefreshTokens() {
        assertThat(fixtures.refresh("not-a-token").status()).isEqualTo(401);
        assertThat(fixtures.postJson("/api/auth/refresh", "{}").status()).isEqualTo(401);
    }

    @Test
    void aPasswordChangeRevokesEveryRefreshTokenAndTheNewPasswordLogsIn() {
        Person user = fixtures.user();
        Person otherSession = fixtures.loggedIn(user.id(), user.username());

        Api.Response wrongOld = fixtures.call("POST", "/api/users/" + user.id() + "/password",
                "{\"old_password\": \"nope\", \"new_password\": \"%s\"}".formatted(fixtures.usePassword("another-Good-passw0rd")), "Authorization", user.bearer());
        Api.Response changed = fixtures.call("POST", "/api/users/" + user.id() + "/password",
                "{\"old_password\": \"%s\", \"new_password\": \"another-Good-passw0rd\"}".formatted(PASSWORD),
                "Authorization", user.bearer());

        assertThat(wrongOld.status()).isEqualTo(400);
        assertThat(wrongOld.json().get("errors").get("old_password").get(0).asString())
                .isEqualTo("Your old password was entered incorrectly. Please enter it again.");
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(Long.parseLong(changed.header("X-Event-Position"))).isPositive();
        assertThat(fixtures.refresh(user.refresh()).status()).isEqualTo(401);
        assertThat(fixtures.refresh(otherSession.refresh()).status()).isEqualTo(401);
        assertThat(fixtures.login(user.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(fixtures.login(user.email(), "another-Good-passw0rd").status()).isEqualTo(200);
        assertThat(eventTypesOf(user.id())).contains("dev.accounts.events.PasswordChanged");
    }

    @Test
    void servesThePublicKeysOnlyAndKeepsVerifyingOldTokensAfterARotation() {
        Person user = fixtures.user();
        String oldKid = part(user.access(), 0).get("kid").asString();

        String newKid = signingKeys.rotate();
        Api.Response jwks = fixtures.get("/.well-known/jwks.json");
        Person later = fixtures.loggedIn(user.id(), user.username());

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").values()).extracting(key -> key.get("kid").asString())
                .contains(oldKid, newKid);
        for (JsonNode key : jwks.json().get("keys").values()) {
            assertThat(key.has("d")).isFalse();
            assertThat(key.get("kty").asString()).isEqualTo("EC");
            assertThat(key.get("crv").asString()).isEqualTo("P-256");
        }
        assertThat(part(later.access(), 0).get("kid").asString()).isEqualTo(newKid);
        assertThat(patchSelf(user, user.bearer()).status()).isEqualTo(200);
        assertThat(patchSelf(later, later.bearer()).status()).isEqualTo(200);
    }

    @Test
    void describesEveryRouteWithItsSecurityInOpenApi() {
        JsonNode docs = fixtures.get("/v3/api-docs").json();

        JsonNode scheme = docs.get("components").get("securitySchemes").get("bearer-jwt");
        assertThat(scheme.has("scheme")).as(docs.toString()).isTrue();
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");
        for (String path : List.of("/api/users/{id}", "/api/users/{id}/password", "/api/users/{id}/deactivate",
                "/api/users/{id}/activate", "/api/users/{id}/staff", "/api/users/{id}/superuser", "/api/superusers")) {
            docs.get("paths").get(path).properties().forEach(operation ->
                    assertThat(operation.getValue().get("security").toString()).as(path).contains("bearer-jwt"));
        }
        for (String path : List.of("/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/.well-known/jwks.json")) {
            docs.get("paths").get(path).properties().forEach(operation -> {
                JsonNode security = operation.getValue().get("security");
                assertThat(security == null || security.isEmpty()).as(path).isTrue();
            });
        }
    }
}
