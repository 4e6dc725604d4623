package dev.accounts.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.accounts.eventstore.upcasting.PersonNamed;
import dev.accounts.eventstore.upcasting.PersonNamedUpcasters;
import dev.accounts.events.AccountLocked;
import dev.accounts.events.EmailChanged;
import dev.accounts.events.EventRevision;
import dev.accounts.events.LoginFailed;
import dev.accounts.events.PasswordChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.StaffRevoked;
import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.SuperuserGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.events.UserActivated;
import dev.accounts.events.UserDeactivated;
import dev.accounts.events.UserEvent;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.events.UsernameChanged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Events stored at an older revision load as today's records, through the serializer and upcaster chain that
 * Axon's Spring auto-configuration builds from this module (as on both sides), from a real event table.
 *
 * <p>Each file under {@code stored-events/} is a payload exactly as the event serializer wrote it at that
 * revision. They are never rewritten: when an event moves to a new revision its old file stays, and
 * {@link #STORED} says what it must load as today. {@code -Dstored-events.capture=true} writes the missing files
 * of events at their current revision from today's serializer (a new event, or the first revision-2 file).
 *
 * <p>{@code example/PersonNamed.v1.json} shows the mechanism on a test-only event, {@link PersonNamed}, that went
 * from one {@code full_name} at revision 1 to {@code first_name} and {@code last_name} at revision 2.
 */
@SpringBootTest(classes = StoredEventsTests.EventStoreOnly.class)
abstract class StoredEventsTests {

    static final UUID ID = UUID.fromString("0b6a1f5e-3c1d-4f6e-9a57-2f1c9d7e8a10");

    /** Each stored payload and what it loads as today. */
    static final Map<String, UserEvent> STORED = Map.ofEntries(
            Map.entry("UserRegistered.v1.json", new UserRegistered(ID, "ada@example.com", "ada", "Ada", "Lovelace")),
            Map.entry("SuperuserCreated.v1.json", new SuperuserCreated(ID, "root@example.com", "root", "", "")),
            Map.entry("UserLoggedIn.v1.json", new UserLoggedIn(ID)),
            Map.entry("LoginFailed.v1.json", new LoginFailed(ID, "wrong_password", 3)),
            Map.entry("AccountLocked.v1.json", new AccountLocked(ID, Instant.parse("2026-01-02T03:04:05Z"))),
            Map.entry("ProfileChanged.v1.json", new ProfileChanged(ID, "Ada", "King")),
            Map.entry("EmailChanged.v1.json", new EmailChanged(ID, "ada.king@example.com")),
            Map.entry("UsernameChanged.v1.json", new UsernameChanged(ID, "ada.king")),
            Map.entry("PasswordChanged.v1.json", new PasswordChanged(ID)),
            Map.entry("UserDeactivated.v1.json", new UserDeactivated(ID)),
            Map.entry("UserActivated.v1.json", new UserActivated(ID)),
            Map.entry("StaffGranted.v1.json", new StaffGranted(ID)),
            Map.entry("StaffRevoked.v1.json", new StaffRevoked(ID)),
            Map.entry("SuperuserGranted.v1.json", new SuperuserGranted(ID)),
            Map.entry("SuperuserRevoked.v1.json", new SuperuserRevoked(ID)));

    private static final Path FIXTURES = Path.of(System.getProperty("basedir", "."), "src", "test", "resources",
            "stored-events");

    /** This module's auto-configuration and Axon's, as either side runs them, plus the example's upcaster. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PersonNamedUpcasters.class)
    static class EventStoreOnly {
    }

    /**
     * A store on this database, whose event log the command side's first migration for {@code vendor} creates, read
     * and written with Jackson 3 as both sides do.
     */
    static void eventLog(DynamicPropertyRegistry properties, String vendor, String url, String user, String password) {
        properties.add("spring.datasource.url", () -> url);
        properties.add("spring.datasource.username", () -> user);
        properties.add("spring.datasource.password", () -> password);
        Path migrations = Path.of(System.getProperty("accounts.command-side.migrations",
                "../command-side/src/main/resources/db/command"));
        properties.add("spring.sql.init.mode", () -> "always");
        properties.add("spring.sql.init.schema-locations",
                () -> "file:" + migrations.resolve(vendor).resolve("V1__event_store.sql").toAbsolutePath());
        properties.add("axon.update-check.disabled", () -> "true");
        // the JDBC store under test, as both sides' application.yml has it (the connector is on this classpath)
        properties.add("axon.axonserver.enabled", () -> "false");
        properties.add("axon.serializer.general", () -> "jackson3");
        properties.add("axon.serializer.events", () -> "jackson3");
        properties.add("axon.serializer.messages", () -> "jackson3");
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    JdbcTemplate jdbc;

    static Stream<String> storedFiles() {
        return STORED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("storedFiles")
    void anEventStoredAtAnOlderRevisionLoadsAsTodaysRecord(String file) throws IOException {
        UserEvent today = STORED.get(file);
        String aggregate = UUID.randomUUID().toString();

        store(aggregate, today.getClass().getName(), revisionOf(file), stored(file, today));

        assertThat(loaded(aggregate))
                .as("%s read by its aggregate (the command side)", file).containsExactly(today);
        assertThat(inTheLog(aggregate))
                .as("%s read from the log (the query side)", file).containsExactly(today);
    }

    @Test
    void everyPublicEventHasAStoredPayloadAtEachOfItsRevisions() {
        assertThat(Arrays.stream(UserEvent.class.getPermittedSubclasses())).allSatisfy(event -> {
            int current = Integer.parseInt(event.getAnnotation(EventRevision.class).value());
            for (int revision = 1; revision <= current; revision++) {
                assertThat(STORED).containsKey(event.getSimpleName() + ".v" + revision + ".json");
            }
        });
    }

    @Test
    void todaysEventsAreWrittenAtTheirCurrentRevision() {
        String aggregate = UUID.randomUUID().toString();
        UserRegistered registered = new UserRegistered(ID, "grace@example.com", "grace", "Grace", "Hopper");

        eventStore.publish(new GenericDomainEventMessage<>("User", aggregate, 0, registered));

        assertThat(storedRevision(aggregate)).isEqualTo(UserRegistered.class.getAnnotation(EventRevision.class).value());
        assertThat(loaded(aggregate)).containsExactly(registered);
    }

    @Test
    void anExampleEventStoredAtRevisionOneLoadsAsRevisionTwo() throws IOException {
        String aggregate = UUID.randomUUID().toString();

        store(aggregate, PersonNamed.class.getName(), "1", fixture("example/PersonNamed.v1.json"));

        assertThat(loaded(aggregate)).containsExactly(new PersonNamed(ID, "Ada", "King Lovelace"));
        assertThat(inTheLog(aggregate)).containsExactly(new PersonNamed(ID, "Ada", "King Lovelace"));
    }

    @Test
    void anExampleEventWrittenAtRevisionTwoLoadsUntouched() {
        String aggregate = UUID.randomUUID().toString();
        PersonNamed named = new PersonNamed(ID, "Grace", "Hopper");

        eventStore.publish(new GenericDomainEventMessage<>("User", aggregate, 0, named));

        assertThat(storedRevision(aggregate)).isEqualTo("2");
        assertThat(loaded(aggregate)).containsExactly(named);
    }

    /** A row as the command side appends it, with the payload bytes given. */
    private void store(String aggregate, String payloadType, String revision, byte[] payload) {
        byte[] metaData = eventSerializer.serialize(MetaData.with("actor", "cli"), byte[].class).getData();
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                        + "time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, 0, 'User', ?, ?, ?, ?, ?)",
                aggregate + "-0", aggregate, Instant.now().toString(), payloadType, revision, payload, metaData);
    }

    private String storedRevision(String aggregate) {
        return jdbc.queryForObject("SELECT payload_revision FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, aggregate);
    }

    /** The payloads of an aggregate's events as the command side loads them, sourcing the aggregate. */
    private List<Object> loaded(String aggregate) {
        return eventStore.readEvents(aggregate).asStream().<Object>map(Message::getPayload).toList();
    }

    /** The payloads of an aggregate's events as the query side's processors read them, tracking the whole log. */
    private List<Object> inTheLog(String aggregate) {
        try (Stream<? extends TrackedEventMessage<?>> log = storageEngine.readEvents(null, false)) {
            return log.filter(event -> event.getIdentifier().startsWith(aggregate)).<Object>map(Message::getPayload).toList();
        }
    }

    /** The stored payload of {@code file}; with capture on, writes it first from today's serializer if missing. */
    private byte[] stored(String file, UserEvent today) throws IOException {
        Path path = FIXTURES.resolve(file);
        if (Boolean.getBoolean("stored-events.capture") && Files.notExists(path)) {
            if (!revisionOf(file).equals(today.getClass().getAnnotation(EventRevision.class).value())) {
                fail("%s is an older revision than %s's: it cannot be captured today", file, today.getClass());
            }
            Files.write(path, eventSerializer.serialize(today, byte[].class).getData());
        }
        return fixture(file);
    }

    private static byte[] fixture(String file) throws IOException {
        Path path = FIXTURES.resolve(file);
        if (Files.notExists(path)) {
            fail("No stored payload %s: capture it with -Dstored-events.capture=true (see shared-events/README.md)", path);
        }
        return Files.readAllBytes(path);
    }

    private static String revisionOf(String file) {
        List<String> parts = List.of(file.split("\\."));
        return parts.get(parts.size() - 2).substring(1);
    }
}
