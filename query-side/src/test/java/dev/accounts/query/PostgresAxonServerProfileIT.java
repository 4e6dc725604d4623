package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.QuerySide;
import dev.accounts.query.support.TestIssuer;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Both sides' Boot jars under the profile {@code axonserver}, pointed at an address where no Axon Server listens
 * (none can run on the build machine: it is neither on Maven Central nor installable without Docker). What this
 * shows is the mode's wiring and its failure behaviour: the connector is on, health says DOWN, a registration is
 * refused with 503 and stores nothing in PostgreSQL, and what needs the JDBC event log says it is not available.
 */
class PostgresAxonServerProfileIT {

    private static final String URL = TestDatabases.freshPostgres();
    private static final TestIssuer ISSUER = TestIssuer.start();
    private static BootJar commandSide;
    private static BootJar querySide;

    @BeforeAll
    static void start() {
        // a port that was free a moment ago: nothing answers there
        Map<String, String> axonServerMode = Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres,axonserver",
                "AXON_AXONSERVER_SERVERS", "127.0.0.1:" + BootJar.freePort());
        commandSide = CommandSide.launch(URL, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                axonServerMode).awaitListening(Duration.ofSeconds(120));
        querySide = QuerySide.launch("query-side-axonserver", URL, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword(), ISSUER.baseUrl(), axonServerMode).awaitListening(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        BootJar.stopAll(commandSide, querySide, ISSUER);
    }

    @Test
    void bothSidesReportThemselvesDownWhileAxonServerIsUnreachable() {
        for (BootJar side : new BootJar[] {commandSide, querySide}) {
            Api.Response health = side.api().get("/actuator/health");
            assertThat(health.status()).as(side.name()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).as(side.name()).isEqualTo("DOWN");
        }
    }

    @Test
    void aRegistrationIsRefusedWith503AndNothingIsStored() {
        Api.Response refused = commandSide.api().postJson("/api/users",
                Api.registration("ada@example.com", "ada", "Correct-Horse-Battery-9"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("nothing was stored");
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(URL, TestDatabases.postgresUser(),
                TestDatabases.postgresPassword()));
        assertThat(db.sql("SELECT COUNT(*) FROM account_claim").query(Long.class).single()).as("claims").isZero();
        assertThat(db.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single())
                .as("the JDBC event table, unused in this mode").isZero();
    }

    @Test
    void whatReadsTheJdbcEventLogAnswers501() {
        Api api = querySide.api();
        String[] staff = ISSUER.staffAuthorization();
        String[] service = {"Authorization", "Bearer " + ISSUER.serviceToken("billing", "events:read")};
        UUID someone = UUID.randomUUID();

        for (Api.Response answer : new Api.Response[] {
                api.get("/api/events?after=0&wait=0", service),
                api.get("/api/events/stream", service),
                api.get("/api/users/" + someone + "/history", staff),
                api.get("/api/users/" + someone + "?as_of=2026-01-01T00:00:00Z", staff)}) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(501);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asString()).contains("Axon Server");
        }
        Api.Response users = api.get("/api/users", staff);
        assertThat(users.status()).as("the users table reads as ever: " + users.body()).isEqualTo(200);
    }
}
