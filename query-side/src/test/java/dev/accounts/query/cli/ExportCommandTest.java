package dev.accounts.query.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.ProfileChanged;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.history.EventHistory;
import dev.accounts.query.history.StoredEventLog;
import dev.accounts.query.support.EventLog;
import dev.accounts.testsupport.Api;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code events export} as an operator and a script meet it, over an event log in H2. */
class ExportCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final UUID ada = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private JdbcClient jdbc;
    private EventHistory history;
    private boolean opened;
    private long adaRegistered;

    @BeforeEach
    void log() {
        jdbc = JdbcClient.create(EventLog.migratedInMemoryH2());
        history = new EventHistory(jdbc);
        adaRegistered = EventLog.append(jdbc, new UserRegistered(ada, "ada@example.com", "ada", "Ada", ""), T0,
                Map.of("actor", ada.toString(), "correlation_id", "request-1", "idempotency_key", "key-1"));
        EventLog.append(jdbc, ada, "dev.accounts.command.user.PasswordSet",
                "{\"user_id\":\"" + ada + "\",\"password_hash\":\"pbkdf2_sha256$1000$c2FsdA$aGFzaA==\"}", T0, Map.of());
        EventLog.append(jdbc, new UserRegistered(bob, "bob@example.com", "bob", "", ""), T0.plusSeconds(1), Map.of());
        EventLog.append(jdbc, new ProfileChanged(ada, "Augusta Ada", "King"), T0.plusSeconds(2), Map.of("actor", "cli"));
        EventLog.append(jdbc, new UserLoggedIn(bob), T0.plusSeconds(3), Map.of("actor", bob.toString()));
    }

    private int run(String... args) {
        return run(() -> {
            opened = true;
            return new StoredEventLog(history, () -> { });
        }, args);
    }

    private int run(Supplier<StoredEventLog> logs, String... args) {
        return EventsCommand.execute(logs, () -> false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> lines(String ndjson) {
        return ndjson.lines().map(Api.JSON::readTree).toList();
    }

    @Test
    void writesEveryPublicEventAsOneLineInLogOrder() {
        int exit = run("export");

        assertThat(exit).as(stderr()).isZero();
        assertThat(stderr()).isEmpty();
        List<JsonNode> lines = lines(stdout());
        assertThat(lines).extracting(line -> line.get("type").asString())
                .containsExactly("UserRegistered", "UserRegistered", "ProfileChanged", "UserLoggedIn");
        assertThat(lines).extracting(line -> line.get("user_id").asString())
                .containsExactly(ada.toString(), bob.toString(), ada.toString(), bob.toString());
        JsonNode first = lines.get(0);
        assertThat(first.properties()).extracting(property -> property.getKey()).containsExactly("user_id", "position", "event_id", "type", "revision", "time",
                "metadata", "payload");
        assertThat(first.get("position").asLong()).isEqualTo(adaRegistered);
        assertThat(first.get("revision").asString()).isEqualTo("1");
        assertThat(first.get("time").asString()).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(first.get("metadata")).isEqualTo(Api.JSON.readTree(
                "{\"actor\": \"" + ada + "\", \"correlation_id\": \"request-1\"}"));
        assertThat(first.get("payload")).isEqualTo(Api.JSON.readTree("""
                {"user_id": "%s", "email": "ada@example.com", "username": "ada", "first_name": "Ada", "last_name": ""}
                """.formatted(ada)));
        assertThat(stdout()).doesNotContain("password", "pbkdf2", "idempotency");
    }

    @Test
    void selectsAUserAndThePositionsAfterOne() {
        assertThat(run("export", "--user", ada.toString(), "--after", Long.toString(adaRegistered))).isZero();

        assertThat(lines(stdout())).extracting(line -> line.get("type").asString()).containsExactly("ProfileChanged");
    }

    @Test
    void writesAFileWithItsProgressOnStdout() throws Exception {
        Path file = directory.resolve("audit.ndjson");

        int exit = run("export", "--output", file.toString());

        assertThat(exit).as(stderr()).isZero();
        assertThat(stderr()).isEmpty();
        assertThat(stdout().lines()).filteredOn(line -> line.startsWith("Exporting events: ")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("Exporting events: \\d+ of 4 events \\(\\d+%\\), \\d+ events/s.*"));
        assertThat(stdout()).endsWith("Exported 4 events to " + file + "." + System.lineSeparator());
        out.reset();
        run("export");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(stdout());
    }

    @Test
    void refusesBadArgumentsInOneLineWithStatusTwo() {
        List<List<String>> usages = List.of(List.of(), List.of("export", "--after", "soon"),
                List.of("export", "--after", "-1"), List.of("export", "--user", "ada"), List.of("export", "--bogus"),
                List.of("import"), List.of("export", "extra"));
        for (List<String> usage : usages) {
            out.reset();
            err.reset();

            int exit = run(usage.toArray(String[]::new));

            assertThat(exit).as(usage + ": " + stderr()).isEqualTo(2);
            assertThat(stderr().lines()).as(usage.toString()).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("Error: "));
            assertThat(stdout()).as(usage.toString()).isEmpty();
        }
        assertThat(opened).as("the store is not opened for a usage error").isFalse();
    }

    @Test
    void aStoreThatCannotBeReadIsOneLineWithStatusOne() {
        int exit = run(() -> {
            throw new IllegalStateException("Connection to 127.0.0.1:1 refused.\nat somewhere");
        }, "export");

        assertThat(exit).isEqualTo(1);
        assertThat(stderr().lines()).containsExactly("Error: Connection to 127.0.0.1:1 refused.");
        assertThat(stdout()).isEmpty();
    }
}
