package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.Registrations;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
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
 * One command side on a fresh PostgreSQL database for the auth tests (subclasses share it). After each class,
 * no secret that passed through it (password, hash, refresh token, private key) may appear in any log line
 * written meanwhile, in any public event's payload or metadata, or in any response body the fixtures saw.
 */
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "accounts.password.algorithm=pbkdf2_sha256", "accounts.password.iterations=1000",
        "accounts.login.lockout=2s",
        "accounts.rate-limit.login.requests=1000000", "accounts.rate-limit.registration.requests=1000000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class PostgresAuthBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useFreshPostgres(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Registrations registrations;

    Api api;
    AuthFixtures fixtures;

    @BeforeEach
    void client() {
        api = new Api(port);
        fixtures = new AuthFixtures(api, registrations, fixtures);
    }

    @AfterAll
    void noSecretInLogsEventsOrResponses(CapturedOutput output) {
        List<String> secrets = new ArrayList<>(fixtures.passwords());
        secrets.addAll(jdbc.sql("SELECT payload FROM domain_event_entry WHERE payload_type LIKE '%PasswordSet'")
                .query((rs, n) -> Api.JSON.readTree(new String(rs.getBytes(1), StandardCharsets.UTF_8))
                        .get("password_hash").asString()).list());
        secrets.addAll(jdbc.sql("SELECT jwk FROM signing_key").query((rs, n) -> Api.JSON.readTree(rs.getString(1))
                .get("d").asString()).list());
        secrets.addAll(jdbc.sql("SELECT jwk FROM signing_key").query(String.class).list());
        assertThat(secrets).isNotEmpty();
        List<String> refreshTokens = fixtures.refreshTokens();

        List<Map<String, Object>> publicEvents = jdbc.sql("SELECT payload, meta_data FROM domain_event_entry"
                + " WHERE payload_type LIKE 'dev.accounts.events.%'").query().listOfRows();
        for (String secret : secrets) {
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
            for (Map<String, Object> event : publicEvents) {
                assertThat(new String((byte[]) event.get("payload"), StandardCharsets.UTF_8)).doesNotContain(secret);
                assertThat(new String((byte[]) event.get("meta_data"), StandardCharsets.UTF_8)).doesNotContain(secret);
            }
            for (String body : fixtures.bodies()) {
                assertThat(body).as("a response body").doesNotContain(secret);
            }
        }
        for (String token : refreshTokens) {
            assertThat(output.getAll()).as("log output").doesNotContain(token);
            for (Map<String, Object> event : publicEvents) {
                assertThat(new String((byte[]) event.get("payload"), StandardCharsets.UTF_8)).doesNotContain(token);
                assertThat(new String((byte[]) event.get("meta_data"), StandardCharsets.UTF_8)).doesNotContain(token);
            }
        }
        assertThat(fixtures.bodies()).allSatisfy(body -> assertThat(body).doesNotContain("password_hash").doesNotContain("\"d\""));
    }

    List<String> eventTypesOf(UUID userId) {
        return jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(userId.toString()).query(String.class).list();
    }

    JsonNode lastPayloadOf(UUID userId, Class<?> type) {
        return jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1")
                .params(userId.toString(), type.getName())
                .query((rs, n) -> Api.JSON.readTree(new String(rs.getBytes(1), StandardCharsets.UTF_8))).single();
    }
}
