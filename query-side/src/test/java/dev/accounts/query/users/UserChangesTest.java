package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.AccountLocked;
import dev.accounts.events.EmailChanged;
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
import dev.accounts.query.log.RecentPositions;
import dev.accounts.query.support.EventLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The read model's rules folded in memory (what {@code as_of} shows) agree with the projection's row (what
 * {@code GET /api/users/{id}} shows), after every event of an account that goes through every kind of change.
 */
class UserChangesTest {

    private static final Instant JOINED = Instant.parse("2026-03-01T10:15:30.123Z");

    private JdbcClient jdbc;
    private AnnotationEventHandlerAdapter projection;
    private UserQueries users;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void database() {
        DataSource dataSource = EventLog.migratedInMemoryH2();
        jdbc = JdbcClient.create(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        projection = new AnnotationEventHandlerAdapter(new UserProjection(template, EventLog.SCHEMA, transactions,
                new DeferredIndexes(template, dataSource, transactions), new RecentPositions()));
        users = new UserQueries(jdbc);
    }

    /** An account's life: every public event type, some twice, a second creation and a profile without names. */
    private List<UserEvent> aLife() {
        return List.of(
                new UserRegistered(id, "ada@example.com", "ada", "Ada", null),
                new UserLoggedIn(id),
                new LoginFailed(id, "wrong_password", 1),
                new AccountLocked(id, JOINED.plusSeconds(3600)),
                new ProfileChanged(id, "Augusta Ada", "King"),
                new EmailChanged(id, "Ada.King@Example.ORG"),
                new UsernameChanged(id, "countess"),
                new PasswordChanged(id),
                new StaffGranted(id),
                new SuperuserGranted(id),
                new UserDeactivated(id),
                new LoginFailed(id, "inactive", 0),
                new UserActivated(id),
                new StaffRevoked(id),
                new SuperuserRevoked(id),
                new SuperuserCreated(id, "root@example.com", "root", "", ""),
                new ProfileChanged(id, null, null),
                new UserLoggedIn(id));
    }

    @Test
    void foldingTheEventsGivesTheProjectionsRowAfterEachOne() {
        User folded = null;
        Instant time = JOINED;
        for (UserEvent event : aLife()) {
            time = time.plusSeconds(61);
            long position = EventLog.append(jdbc, event, time, Map.of());
            String eventId = jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE global_index = ?")
                    .param(position).query(String.class).single();
            handle(new GenericEventMessage<>(eventId, event, MetaData.emptyInstance(), time));

            folded = UserChanges.apply(folded, event, time);

            assertThat(users.find(id)).as("after " + event).contains(folded);
        }
        assertThat(folded).isEqualTo(new User(id, "Ada.King@Example.ORG", "countess", "", "", true, false, false,
                JOINED.plusSeconds(61), time));
    }

    @Test
    void theLifeGoesThroughEveryPublicEvent() {
        assertThat(aLife().stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(UserEvent.class.getPermittedSubclasses());
    }

    @Test
    void nothingIsThereBeforeTheAccountIsOpened() {
        assertThat(UserChanges.apply(null, new ProfileChanged(id, "Ada", ""), JOINED)).isNull();
        assertThat(UserChanges.apply(null, new UserLoggedIn(id), JOINED)).isNull();
    }

    private void handle(GenericEventMessage<?> message) {
        try {
            projection.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
