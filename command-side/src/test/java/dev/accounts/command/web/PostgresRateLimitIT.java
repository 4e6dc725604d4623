package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Per-client limits on login and registration: 429 with Retry-After past the burst, as problem+json. */
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "accounts.password.algorithm=pbkdf2_sha256", "accounts.password.iterations=1000",
        "accounts.rate-limit.login.requests=3", "accounts.rate-limit.login.per=1h",
        "accounts.rate-limit.registration.requests=2", "accounts.rate-limit.registration.per=1h"})
class PostgresRateLimitIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useFreshPostgres(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void limitsLoginsPerClient() {
        Api api = new Api(port);
        List<Integer> statuses = new ArrayList<>();
        Api.Response last = null;
        for (int i = 0; i < 4; i++) {
            last = api.postJson("/api/auth/login", "{\"email\": \"%s@example.com\", \"password\": \"wrong-password\"}"
                    .formatted(UUID.randomUUID()));
            statuses.add(last.status());
        }

        assertThat(statuses).containsExactly(401, 401, 401, 429);
        assertThat(last.header("Content-Type")).startsWith("application/problem+json");
        // one token every 20 minutes
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1_000L, 1_200L);
        assertThat(last.json().get("type").asString()).isEqualTo("/problems/rate-limited");
    }

    @Test
    void limitsRegistrationsPerClientWithoutTouchingOtherRoutes() {
        Api api = new Api(port);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "rl-" + UUID.randomUUID().toString().substring(0, 8);
            statuses.add(api.postJson("/api/users", Api.registration(name + "@example.com", name,
                    "Tr0ub4dor&3-horse-staple")).status());
        }

        assertThat(statuses).containsExactly(201, 201, 429);
        assertThat(api.get("/.well-known/jwks.json").status()).isEqualTo(200);
        assertThat(api.postJson("/api/auth/refresh", "{\"refresh\": \"x\"}").status()).isEqualTo(401);
    }
}
