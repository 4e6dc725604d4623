package dev.accounts.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.EmailChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.support.EventLog;
import dev.accounts.query.users.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit trail read from an event log in H2, as the command side writes it. */
class EventHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");
    private static final String HASH = "pbkdf2_sha256$1000$c2FsdA$c2VjcmV0LWhhc2g=";

    private JdbcClient jdbc;
    private EventHistory history;
    private final UUID ada = UUID.randomUUID();

    @BeforeEach
    void database() {
        jdbc = JdbcClient.create(EventLog.migratedInMemoryH2());
        history = new EventHistory(jdbc);
    }

    private static Map<String, String> metadata(String actor) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("user_agent", "curl/8.5");
        metadata.put("idempotency_key", "key-1");
        metadata.put("traceId", "legacy");
        metadata.put("causation_id", "command-1");
        metadata.put("correlation_id", "request-1");
        metadata.put("client_address", "10.0.0.7");
        metadata.put("actor", actor);
        return metadata;
    }

    private long internalEvent(UUID userId, String payload, Instant time) {
        return EventLog.append(jdbc, userId, "dev.accounts.command.user.PasswordSet", payload, time, Map.of("actor", "x"));
    }

    @Test
    void aUsersHistoryHoldsTheirPublicEventsInLogOrderWithTheAuditMetadataOnly() {
        long registered = EventLog.append(jdbc, new UserRegistered(ada, "ada@example.com", "ada", "Ada", ""), T0,
                metadata(ada.toString()));
        internalEvent(ada, "{\"user_id\":\"" + ada + "\",\"password_hash\":\"" + HASH + "\"}", T0);
        EventLog.append(jdbc, new UserRegistered(UUID.randomUUID(), "bob@example.com", "bob", "", ""), T0, Map.of());
        long changed = EventLog.append(jdbc, new ProfileChanged(ada, "Augusta Ada", "King"), T0.plusSeconds(5),
                Map.of("actor", "staff-1", "correlation_id", "request-2"));

        List<HistoricEvent> events = history.of(ada);

        assertThat(events).extracting(HistoricEvent::position).containsExactly(registered, changed);
        assertThat(events).extracting(HistoricEvent::type).containsExactly("UserRegistered", "ProfileChanged");
        assertThat(events).extracting(HistoricEvent::revision).containsOnly("1");
        assertThat(events).extracting(HistoricEvent::time).containsExactly(T0, T0.plusSeconds(5));
        assertThat(events.get(0).metadata()).containsExactly(Map.entry("actor", ada.toString()),
                Map.entry("correlation_id", "request-1"), Map.entry("causation_id", "command-1"),
                Map.entry("client_address", "10.0.0.7"), Map.entry("user_agent", "curl/8.5"));
        assertThat(events.get(1).metadata()).containsOnlyKeys("actor", "correlation_id");
        assertThat(events.get(0).payload()).isEqualTo(new UserRegistered(ada, "ada@example.com", "ada", "Ada", ""));
        assertThat(events.get(1).payload()).isEqualTo(new ProfileChanged(ada, "Augusta Ada", "King"));
        assertThat(events.get(0).eventId()).isNotBlank().isNotEqualTo(events.get(1).eventId());
    }

    @Test
    void neverReadsAnInternalEventNorAnUnknownId() {
        EventLog.append(jdbc, new UserRegistered(ada, "ada@example.com", "ada", "", ""), T0, Map.of());
        // not even JSON: were it read, the history would fail
        internalEvent(ada, "not json " + HASH, T0);

        assertThat(history.of(ada)).extracting(HistoricEvent::type).containsExactly("UserRegistered");
        assertThat(history.of(UUID.randomUUID())).isEmpty();
        assertThat(history.count(0, history.head(), null)).isEqualTo(1);
    }

    @Test
    void rebuildsTheUserAsTheyWereAtAGivenTime() {
        EventLog.append(jdbc, new UserRegistered(ada, "ada@example.com", "ada", "Ada", ""), T0, Map.of());
        EventLog.append(jdbc, new UserLoggedIn(ada), T0.plusSeconds(10), Map.of());
        EventLog.append(jdbc, new EmailChanged(ada, "ada@example.org"), T0.plusSeconds(20), Map.of());
        EventLog.append(jdbc, new StaffGranted(ada), T0.plusSeconds(30), Map.of());

        assertThat(history.asOf(ada, T0.minusMillis(1))).isEmpty();
        assertThat(history.asOf(ada, T0)).contains(new User(ada, "ada@example.com", "ada", "Ada", "", true, false,
                false, T0, null));
        assertThat(history.asOf(ada, T0.plusSeconds(25))).contains(new User(ada, "ada@example.org", "ada", "Ada", "",
                true, false, false, T0, T0.plusSeconds(10)));
        assertThat(history.asOf(ada, T0.plusSeconds(3600))).hasValueSatisfying(user -> assertThat(user.staff()).isTrue());
        assertThat(history.asOf(UUID.randomUUID(), T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void rebuildsOnlyAStateTheUserReallyHadWhenClocksDisagree() {
        EventLog.append(jdbc, new UserRegistered(ada, "ada@example.com", "ada", "", ""), T0, Map.of());
        // written by a process whose clock ran ahead: it ends the fold, and what came after it does not count
        EventLog.append(jdbc, new StaffGranted(ada), T0.plusSeconds(60), Map.of());
        EventLog.append(jdbc, new EmailChanged(ada, "ada@example.org"), T0.plusSeconds(30), Map.of());

        assertThat(history.asOf(ada, T0.plusSeconds(45))).hasValueSatisfying(user -> {
            assertThat(user.staff()).isFalse();
            assertThat(user.email()).isEqualTo("ada@example.com");
        });
    }

    @Test
    void readsTheWholeLogAfterAPositionPageByPage() {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 1_205; i++) {
            UUID user = i % 100 == 0 ? ada : UUID.randomUUID();
            users.add(user);
            if (user.equals(ada) && i > 0) {
                EventLog.append(jdbc, new UserLoggedIn(ada), T0.plusSeconds(i), Map.of());
            } else {
                EventLog.append(jdbc, new UserRegistered(user, "u" + i + "@example.com", "u" + i, "", ""), T0, Map.of());
            }
            if (i % 400 == 0) {
                internalEvent(user, "{}", T0);
            }
        }
        long head = history.head();

        List<HistoricEvent> all = new ArrayList<>();
        history.forEach(0, head, null, all::add);
        List<HistoricEvent> afterTheFirstPage = new ArrayList<>();
        long pageEnd = all.get(999).position();
        history.forEach(pageEnd, head, null, afterTheFirstPage::add);
        List<HistoricEvent> ofAda = new ArrayList<>();
        history.forEach(0, head, ada, ofAda::add);
        List<HistoricEvent> upToTheFirstPage = new ArrayList<>();
        history.forEach(0, pageEnd, null, upToTheFirstPage::add);

        assertThat(all).hasSize(1_205).extracting(HistoricEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(HistoricEvent::userId).containsExactlyElementsOf(users);
        assertThat(afterTheFirstPage).containsExactlyElementsOf(all.subList(1_000, 1_205));
        assertThat(ofAda).hasSize(13).allSatisfy(event -> assertThat(event.userId()).isEqualTo(ada));
        assertThat(ofAda).containsExactlyElementsOf(history.of(ada));
        assertThat(upToTheFirstPage).containsExactlyElementsOf(all.subList(0, 1_000));
        assertThat(history.count(0, head, null)).isEqualTo(1_205);
        assertThat(history.count(pageEnd, head, null)).isEqualTo(205);
        assertThat(history.count(0, head, ada)).isEqualTo(13);
    }
}
