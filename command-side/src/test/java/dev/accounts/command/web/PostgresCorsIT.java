package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.web.AuthFixtures.Person;
import dev.accounts.testsupport.Api;
import org.junit.jupiter.api.Test;

/**
 * Browsers on the admin panel's origin (the query side's, by default {@code http://127.0.0.1:8081}) may call the
 * API with a bearer token and read the headers a client needs; any other origin may not.
 */
class PostgresCorsIT extends PostgresAuthBase {

    private static final String ADMIN = "http://127.0.0.1:8081";

    private Api.Response preflight(String origin, String method, String path) {
        return api.call("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "authorization,content-type");
    }

    @Test
    void answersAPreflightFromTheAdminPanelsOrigin() {
        Api.Response answer = preflight(ADMIN, "PATCH", "/api/users/" + java.util.UUID.randomUUID());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(ADMIN);
        assertThat(answer.header("Access-Control-Allow-Methods")).contains("PATCH");
        assertThat(answer.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization", "content-type");
        assertThat(answer.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(preflight("http://localhost:8081", "DELETE", "/api/users/x/staff").status()).isEqualTo(200);
    }

    @Test
    void refusesAPreflightFromAnyOtherOrigin() {
        Api.Response answer = preflight("https://evil.example", "POST", "/api/auth/login");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight("http://127.0.0.1:9999", "POST", "/api/auth/login").header("Access-Control-Allow-Origin"))
                .isNull();
    }

    @Test
    void letsTheAdminPanelReadTheEventPositionLocationAndRefusals() {
        Person superuser = fixtures.superuserLoggedIn();
        Person user = fixtures.user();

        Api.Response changed = api.call("POST", "/api/users/" + user.id() + "/deactivate", null,
                "Origin", ADMIN, "Authorization", superuser.bearer());
        Api.Response refused = api.call("POST", "/api/users/" + user.id() + "/activate", null, "Origin", ADMIN);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.header("Access-Control-Allow-Origin")).isEqualTo(ADMIN);
        assertThat(changed.header("Access-Control-Expose-Headers"))
                .contains("X-Event-Position", "Location", "Retry-After", "X-Request-Id");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).as("a refusal the page can read").isEqualTo(ADMIN);
    }
}
