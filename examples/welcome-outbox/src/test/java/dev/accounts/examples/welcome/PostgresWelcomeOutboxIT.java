package dev.accounts.examples.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The welcome outbox against the real command side (its Boot jar, as a separate process) on a fresh
 * PostgreSQL database: every registration that got a 201 becomes exactly one outbox row, including those made
 * while the service was stopped, which it picks up from its own tracking token when it starts again.
 */
class PostgresWelcomeOutboxIT {

    private static final Path COMMAND_SIDE = Path.of(System.getProperty("accounts.command-side.jar",
            "../../command-side/target/command-side.jar"));
    private static final String PASSWORD = "Correct-Horse-Battery-9";

    /** The outbox as the test reads it: user id, the log position it came from, and the delivery count. */
    record Row(UUID userId, long eventPosition, String correlationId, int deliveries) {
    }

    /** A 201's user id and the {@code X-Request-Id} it was sent with. */
    record Registered(UUID userId, String requestId) {
    }

    private final String url = TestDatabases.freshPostgres();
    private final Map<UUID, Registered> registered = new ConcurrentHashMap<>();

    @Test
    void everyRegistrationBecomesOneWelcomeMessageAndTheServiceResumesAfterARestart() {
        try (BootJar commandSide = startCommandSide()) {
            Api api = commandSide.api();

            try (ConfigurableApplicationContext service = startService()) {
                register(api, 0, 12);
                awaitOutboxMatchesRegistrations(service);
            }

            // the service is down: registrations, a rejected one and a login (events it has no handler for) go on
            register(api, 12, 8);
            assertThat(api.postJson("/api/users", Api.registration("USER0@example.com", "someone-else", PASSWORD))
                    .status()).as("a taken email").isEqualTo(409);
            assertThat(api.postJson("/api/auth/login", "{\"email\":\"user3@example.com\",\"password\":\"" + PASSWORD + "\"}")
                    .status()).as("a login").isEqualTo(200);

            try (ConfigurableApplicationContext service = startService()) {
                List<Row> outbox = awaitOutboxMatchesRegistrations(service);
                assertThat(outbox).as("each registration delivered once: resumed from its token, not replayed")
                        .allSatisfy(row -> assertThat(row.deliveries()).isEqualTo(1));
            }
        }
    }

    private BootJar startCommandSide() {
        int port = BootJar.freePort();
        BootJar commandSide = BootJar.launch("command-side", COMMAND_SIDE, Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", TestDatabases.postgresUser(),
                "SPRING_DATASOURCE_PASSWORD", TestDatabases.postgresPassword(),
                "ACCOUNTS_PASSWORD_ALGORITHM", "pbkdf2_sha256",
                "ACCOUNTS_PASSWORD_ITERATIONS", "1000",
                "ACCOUNTS_RATE_LIMIT_ENABLED", "false",
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true"), port, "--server.port=" + port);
        return commandSide.awaitHealthy(Duration.ofSeconds(120));
    }

    private ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(WelcomeOutboxApplication.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabases.postgresUser(),
                "--spring.datasource.password=" + TestDatabases.postgresPassword(),
                // the test's JVM ends the service by closing its context
                "--spring.main.keep-alive=false");
    }

    /** Registers users {@code from} to {@code from + count - 1}, several at a time, keeping what each 201 said. */
    private void register(Api api, int from, int count) {
        IntStream.range(from, from + count).parallel().forEach(i -> {
            String requestId = UUID.randomUUID().toString();
            Api.Response response = api.postJson("/api/users",
                    Api.registration("user" + i + "@example.com", "user" + i, PASSWORD), "X-Request-Id", requestId);
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            UUID id = UUID.fromString(response.json().get("id").asString());
            registered.put(id, new Registered(id, requestId));
        });
    }

    /**
     * Waits until the outbox holds one row per registration so far, each with the request's correlation id and
     * the position of that user's {@code UserRegistered} in the log.
     */
    private List<Row> awaitOutboxMatchesRegistrations(ConfigurableApplicationContext service) {
        JdbcClient jdbc = service.getBean(JdbcClient.class);
        List<Row> outbox = await("the outbox to hold all " + registered.size() + " registrations")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("SELECT user_id, event_position, correlation_id, deliveries FROM welcome.welcome_message")
                        .query(Row.class).list(), rows -> rows.size() >= registered.size());
        assertThat(outbox).map(row -> new Registered(row.userId(), row.correlationId()))
                .as("one row per 201, with the correlation id of the request that registered the user")
                .containsExactlyInAnyOrderElementsOf(registered.values());
        Map<UUID, Long> registrationPositions = jdbc.sql("""
                        SELECT aggregate_identifier, global_index FROM public.domain_event_entry
                        WHERE payload_type = 'dev.accounts.events.UserRegistered'""")
                .query((rs, n) -> Map.entry(UUID.fromString(rs.getString(1)), rs.getLong(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(outbox).as("each row from its user's UserRegistered in the log")
                .allSatisfy(row -> assertThat(row.eventPosition()).isEqualTo(registrationPositions.get(row.userId())));
        return outbox;
    }
}
