package dev.accounts.command.web;

import static dev.accounts.command.web.AuthFixtures.PASSWORD;
import static dev.accounts.command.web.AuthFixtures.part;
import static dev.accounts.command.web.AuthFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.accounts.command.web.AuthFixtures.Person;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.testsupport.Api;
import tools.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may call what: every protected route as anonymous, a plain user, staff and a superuser; forged,
 * expired and otherwise abused tokens; the last active superuser, also under concurrent removals.
 */
class PostgresAccessIT extends PostgresAuthBase {

    private static final String NEW_PASSWORD = "Correct-horse-battery-9";

    private ECKey signingKey() throws Exception {
        String jwk = jdbc.sql("SELECT jwk FROM signing_key ORDER BY created_at DESC LIMIT 1").query(String.class).single();
        return ECKey.parse(jwk);
    }

    private JWTClaimsSet.Builder claimsFor(Person person) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("accounts").audience("accounts").subject(person.id().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString()).claim("email", person.email()).claim("roles", List.of("user"));
    }

    private static String sign(ECKey key, String type, JWTClaimsSet claims) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
        if (type != null) {
            header.type(new JOSEObjectType(type));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private Api.Response patchSelf(Person person, String token) {
        return fixtures.call("PATCH", "/api/users/" + person.id(), "{}", "Authorization", "Bearer " + token);
    }

    private static void assertUnauthorized(Api.Response response, String what) {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(401);
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
    }

    @Test
    void acceptsItsOwnTokenAndASelfSignedOneWithTheSameClaims() throws Exception {
        Person user = fixtures.user();

        assertThat(patchSelf(user, user.access()).status()).isEqualTo(200);
        assertThat(patchSelf(user, sign(signingKey(), "at+jwt", claimsFor(user).build())).status()).isEqualTo(200);
    }

    @Test
    void refusesEveryAbusedTokenWith401() throws Exception {
        Person user = fixtures.user();
        ECKey real = signingKey();
        Instant now = Instant.now();
        String[] parts = user.access().split("\\.");
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(real.getKeyID()).generate();
        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        ObjectNode elevated = (ObjectNode) part(user.access(), 1);
        elevated.putArray("roles").add("user").add("staff").add("superuser");
        String signature = parts[2];
        char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
        Map<String, String> abused = new LinkedHashMap<>();
        abused.put("expired", sign(real, "at+jwt", claimsFor(user).issueTime(Date.from(now.minusSeconds(1200)))
                .notBeforeTime(Date.from(now.minusSeconds(1200))).expirationTime(Date.from(now.minusSeconds(300))).build()));
        abused.put("not yet valid", sign(real, "at+jwt", claimsFor(user).notBeforeTime(Date.from(now.plusSeconds(300)))
                .expirationTime(Date.from(now.plusSeconds(1200))).build()));
        abused.put("wrong signature", parts[0] + "." + parts[1] + "." + signature.substring(0, 10) + flipped
                + signature.substring(11));
        abused.put("alg none", base64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".");
        abused.put("another key under the same kid", sign(other, "at+jwt", claimsFor(user).build()));
        abused.put("another key", sign(unknown, "at+jwt", claimsFor(user).build()));
        abused.put("roles edited", parts[0] + "." + base64(elevated.toString()) + "." + parts[2]);
        abused.put("refresh token as access token", user.refresh());
        abused.put("plain JWT type", sign(real, "JWT", claimsFor(user).build()));
        abused.put("no type", sign(real, null, claimsFor(user).build()));
        abused.put("another issuer", sign(real, "at+jwt", claimsFor(user).issuer("someone-else").build()));
        abused.put("no expiry", sign(real, "at+jwt", claimsFor(user).expirationTime(null).build()));
        abused.put("HS256 keyed with the public key", hs256(real, claimsFor(user).build()));
        abused.put("garbage", "not.a.jwt");

        for (Map.Entry<String, String> token : abused.entrySet()) {
            assertUnauthorized(patchSelf(user, token.getValue()), token.getKey());
        }
        // the edited token would have been a superuser's: it opens nothing
        Person victim = fixtures.user();
        assertUnauthorized(fixtures.call("POST", "/api/users/" + victim.id() + "/deactivate", null,
                "Authorization", "Bearer " + abused.get("roles edited")), "roles edited on a superuser route");
        assertUnauthorized(fixtures.call("PATCH", "/api/users/" + user.id(), "{}"), "no token");
        assertUnauthorized(fixtures.call("PATCH", "/api/users/" + user.id(), "{}", "Authorization", "Basic dXNlcjpwYXNz"),
                "basic credentials");
    }

    private static String hs256(ECKey key, JWTClaimsSet claims) throws Exception {
        byte[] secret = key.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A protected route, called on a fresh victim account. */
    private record Route(String name, String method, Function<UUID, String> path, String body) {
    }

    @Test
    void answersEveryProtectedRouteAsTheRoleMatrixSays() {
        Person root = fixtures.superuserLoggedIn();
        Person staff = fixtures.staff(root);
        Person user = fixtures.user();
        fixtures.usePassword(NEW_PASSWORD);
        List<Route> routes = List.of(
                new Route("change profile", "PATCH", id -> "/api/users/" + id, "{\"last_name\": \"Changed\"}"),
                new Route("change password", "POST", id -> "/api/users/" + id + "/password",
                        "{\"new_password\": \"" + NEW_PASSWORD + "\"}"),
                new Route("deactivate", "POST", id -> "/api/users/" + id + "/deactivate", null),
                new Route("activate", "POST", id -> "/api/users/" + id + "/activate", null),
                new Route("grant staff", "POST", id -> "/api/users/" + id + "/staff", null),
                new Route("revoke staff", "DELETE", id -> "/api/users/" + id + "/staff", null),
                new Route("grant superuser", "POST", id -> "/api/users/" + id + "/superuser", null),
                new Route("revoke superuser", "DELETE", id -> "/api/users/" + id + "/superuser", null),
                new Route("create superuser", "POST", id -> "/api/superusers",
                        Api.registration(unique("made") + "@example.com", unique("made"), PASSWORD)));
        // anonymous, user, staff, superuser
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("change profile", List.of(401, 403, 200, 200));
        expected.put("change password", List.of(401, 403, 403, 204));
        for (String superuserOnly : List.of("deactivate", "activate", "grant staff", "revoke staff", "grant superuser",
                "revoke superuser")) {
            expected.put(superuserOnly, List.of(401, 403, 403, 200));
        }
        expected.put("create superuser", List.of(401, 403, 403, 201));
        List<String> callers = List.of("anonymous", "user", "staff", "superuser");
        List<String> bearers = new ArrayList<>();
        bearers.add(null);
        bearers.add(user.bearer());
        bearers.add(staff.bearer());
        bearers.add(root.bearer());

        for (Route route : routes) {
            for (int caller = 0; caller < callers.size(); caller++) {
                UUID victim = fixtures.register(unique("victim"));
                String body = route.name().equals("create superuser")
                        ? Api.registration(unique("made") + "@example.com", unique("made"), PASSWORD) : route.body();
                Api.Response response = bearers.get(caller) == null
                        ? fixtures.call(route.method(), route.path().apply(victim), body)
                        : fixtures.call(route.method(), route.path().apply(victim), body, "Authorization", bearers.get(caller));
                int status = expected.get(route.name()).get(caller);
                assertThat(response.status()).as("%s as %s: %s", route.name(), callers.get(caller), response.body())
                        .isEqualTo(status);
                if (status >= 400) {
                    assertThat(response.header("Content-Type")).as("%s as %s", route.name(), callers.get(caller))
                            .startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void issuesAServiceTokenForTheEventFeedOnlyToASuperuser() {
        Person root = fixtures.superuserLoggedIn();
        Person staff = fixtures.staff(root);
        Person user = fixtures.user();
        String body = "{\"name\": \"billing\"}";
        assertUnauthorized(fixtures.postJson("/api/auth/service-token", body), "anonymous");
        for (Person refused : List.of(user, staff)) {
            Api.Response response = fixtures.postJson("/api/auth/service-token", body, "Authorization", refused.bearer());
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        Api.Response bad = fixtures.postJson("/api/auth/service-token", "{\"name\": \"Billing Team\"}",
                "Authorization", root.bearer());
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("errors").has("name")).isTrue();

        Api.Response issued = fixtures.postJson("/api/auth/service-token", body, "Authorization", root.bearer());
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).contains("no-store");
        assertThat(issued.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(issued.json().get("scope").asString()).isEqualTo("events:read");
        assertThat(issued.json().get("expires_in").asLong()).isEqualTo(3600);
        String token = issued.json().get("access").asString();
        JsonNode header = AuthFixtures.part(token, 0);
        JsonNode claims = AuthFixtures.part(token, 1);
        assertThat(header.get("typ").asString()).isEqualTo("at+jwt");
        assertThat(claims.get("sub").asString()).isEqualTo("service:billing");
        assertThat(claims.get("scope").asString()).isEqualTo("events:read");
        assertThat(claims.has("roles")).as("no roles").isFalse();
        assertThat(claims.has("email")).isFalse();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);

        // it names no account, so it changes none and issues no other service token
        Api.Response change = patchSelf(user, token);
        assertThat(change.status()).as(change.body()).isEqualTo(403);
        Api.Response again = fixtures.postJson("/api/auth/service-token", body, "Authorization", "Bearer " + token);
        assertThat(again.status()).as(again.body()).isEqualTo(403);
    }

    @Test
    void letsAnAccountChangeItsOwnProfileButNotItsRoles() {
        Person user = fixtures.user();
        String newName = unique("renamed");

        Api.Response renamed = fixtures.call("PATCH", "/api/users/" + user.id(),
                "{\"username\": \"%s\", \"email\": \"%s@Example.COM\", \"first_name\": \" Ada \"}".formatted(newName, newName),
                "Authorization", user.bearer());

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("username").asString()).isEqualTo(newName);
        assertThat(renamed.json().get("email").asString()).isEqualTo(newName + "@example.com");
        assertThat(renamed.json().get("first_name").asString()).isEqualTo("Ada");
        assertThat(eventTypesOf(user.id())).contains("dev.accounts.events.ProfileChanged",
                "dev.accounts.events.EmailChanged", "dev.accounts.events.UsernameChanged");
        // the old email is free again, the new one logs in
        assertThat(fixtures.login(newName.toUpperCase() + "@example.com", PASSWORD).status()).isEqualTo(200);
        assertThat(fixtures.register(user.username())).isNotNull();
        for (String forbidden : List.of("deactivate", "staff", "superuser")) {
            assertThat(fixtures.call("POST", "/api/users/" + user.id() + "/" + forbidden, null,
                    "Authorization", user.bearer()).status()).as(forbidden).isEqualTo(403);
        }
        Api.Response escalation = fixtures.call("PATCH", "/api/users/" + user.id(), "{\"is_superuser\": true}",
                "Authorization", user.bearer());
        assertThat(escalation.status()).isEqualTo(400);
        assertThat(escalation.json().get("errors").has("is_superuser")).isTrue();
    }

    @Test
    void rejectsATakenEmailOrUsernameOnAProfileChangeAndStoresNothing() {
        Person user = fixtures.user();
        Person other = fixtures.user();
        List<String> before = eventTypesOf(user.id());

        Api.Response taken = fixtures.call("PATCH", "/api/users/" + user.id(),
                "{\"email\": \"%s\", \"username\": \"%s\", \"first_name\": \"New\"}".formatted(
                        other.email().toUpperCase(), other.username().toUpperCase()), "Authorization", user.bearer());
        Api.Response invalid = fixtures.call("PATCH", "/api/users/" + user.id(), "{\"email\": \"nope\", \"username\": 5}",
                "Authorization", user.bearer());

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("errors").properties()).extracting(Map.Entry::getKey).containsExactly("email", "username");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(eventTypesOf(user.id())).isEqualTo(before);
        assertThat(fixtures.login(user.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void neverRemovesTheLastActiveSuperuserEvenUnderConcurrentRemovals() throws Exception {
        Person first = fixtures.superuserLoggedIn();
        Person second = fixtures.superuserLoggedIn();
        // leave exactly these two: every other superuser of this database is demoted
        for (String other : jdbc.sql("SELECT user_id FROM superuser_seat").query(String.class).list()) {
            if (!other.equals(first.id().toString()) && !other.equals(second.id().toString())) {
                assertThat(fixtures.call("DELETE", "/api/users/" + other + "/superuser", null,
                        "Authorization", first.bearer()).status()).isEqualTo(200);
            }
        }

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Api.Response> firstRemovesSecond = CompletableFuture.supplyAsync(() -> {
            await(start);
            return fixtures.call("DELETE", "/api/users/" + second.id() + "/superuser", null, "Authorization", first.bearer());
        });
        CompletableFuture<Api.Response> secondRemovesFirst = CompletableFuture.supplyAsync(() -> {
            await(start);
            return fixtures.call("POST", "/api/users/" + first.id() + "/deactivate", null, "Authorization", second.bearer());
        });
        start.countDown();
        List<Integer> statuses = List.of(firstRemovesSecond.join().status(), secondRemovesFirst.join().status());

        // whichever commits first wins; the other is refused, by the seat lock (409) or, once the winner's change has
        // committed, because its caller is no longer a superuser (403)
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(statuses).filteredOn(status -> status != 200).singleElement().isIn(403, 409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM superuser_seat").query(Long.class).single()).isEqualTo(1);
        Person last = statuses.get(0) == 200 ? first : second;
        Api.Response selfRevoke = fixtures.call("DELETE", "/api/users/" + last.id() + "/superuser", null,
                "Authorization", last.bearer());
        Api.Response selfDeactivate = fixtures.call("POST", "/api/users/" + last.id() + "/deactivate", null,
                "Authorization", last.bearer());
        assertThat(selfRevoke.status()).isEqualTo(409);
        assertThat(selfRevoke.json().get("detail").asString()).contains("last active superuser");
        assertThat(selfDeactivate.status()).isEqualTo(409);
        assertThat(eventTypesOf(last.id())).doesNotContain(SuperuserRevoked.class.getName());
        // granting another one makes room again
        Person next = fixtures.user();
        assertThat(fixtures.call("POST", "/api/users/" + next.id() + "/superuser", null, "Authorization", last.bearer())
                .status()).isEqualTo(200);
        assertThat(fixtures.call("DELETE", "/api/users/" + last.id() + "/superuser", null, "Authorization", last.bearer())
                .status()).isEqualTo(200);
    }

    @Test
    void grantingWhatAnAccountAlreadyHasAppendsNothing() {
        Person root = fixtures.superuserLoggedIn();
        Person user = fixtures.user();
        fixtures.call("POST", "/api/users/" + user.id() + "/staff", null, "Authorization", root.bearer());
        List<String> before = eventTypesOf(user.id());

        Api.Response again = fixtures.call("POST", "/api/users/" + user.id() + "/staff", null, "Authorization", root.bearer());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("is_staff").asBoolean()).isTrue();
        assertThat(eventTypesOf(user.id())).isEqualTo(before).contains(StaffGranted.class.getName());
    }

    @Test
    void answers404ForAnUnknownAccountAnd400ForAMalformedId() {
        Person root = fixtures.superuserLoggedIn();

        Api.Response unknown = fixtures.call("POST", "/api/users/" + UUID.randomUUID() + "/deactivate", null,
                "Authorization", root.bearer());
        Api.Response malformed = fixtures.call("POST", "/api/users/not-a-uuid/deactivate", null,
                "Authorization", root.bearer());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.status()).isEqualTo(400);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
