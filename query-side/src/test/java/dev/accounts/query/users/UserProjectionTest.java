package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.support.EventLog;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users projection's handlers, called directly against H2 migrated by the real migrations, with each
 * event placed in the log at a chosen position.
 */
class UserProjectionTest {

    private static final Instant JOINED = Instant.parse("2026-03-01T10:15:30.123456Z");

    private JdbcClient jdbc;
    private DataSourceTransactionManager transactions;
    private UserProjection projection;
    private UserQueries users;

    @BeforeEach
    void database() {
        DataSource dataSource = EventLog.migratedInMemoryH2();
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        projection = new UserProjection(jdbc, EventLog.SCHEMA, transactions);
        users = new UserQueries(jdbc);
    }

    /** An event in the log at this global position: its identifier. */
    private String at(long position) {
        return EventLog.append(jdbc, position);
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    private Object column(UUID id, String column) {
        return jdbc.sql("SELECT " + column + " FROM users WHERE id = ?").param(id).query().singleValue();
    }

    @Test
    void showsARegisteredUserAsActiveAndNeitherStaffNorSuperuser() {
        UUID id = UUID.randomUUID();

        projection.on(new UserRegistered(id, "ada@example.com", "ada", "Ada", "Lovelace"), JOINED, at(7));

        assertThat(users.find(id)).contains(new User(id, "ada@example.com", "ada", "Ada", "Lovelace",
                true, false, false, JOINED, null));
        assertThat(column(id, "last_event_position")).isEqualTo(7L);
    }

    @Test
    void showsASuperuserAsActiveStaffAndSuperuser() {
        UUID id = UUID.randomUUID();

        projection.on(new SuperuserCreated(id, "root@example.com", "root", "", ""), JOINED, at(3));

        assertThat(users.find(id)).contains(new User(id, "root@example.com", "root", "", "",
                true, true, true, JOINED, null));
        assertThat(column(id, "last_event_position")).isEqualTo(3L);
    }

    @Test
    void aRedeliveredRegistrationNeitherDuplicatesNorChangesTheUser() {
        UUID id = UUID.randomUUID();
        UserRegistered registered = new UserRegistered(id, "grace@example.com", "grace", "Grace", "Hopper");
        String event = at(11);
        projection.on(registered, JOINED, event);

        projection.on(registered, JOINED, event);
        projection.on(registered, JOINED.plusSeconds(60), at(12));

        assertThat(rows()).isEqualTo(1);
        assertThat(users.find(id)).hasValueSatisfying(user -> assertThat(user.dateJoined()).isEqualTo(JOINED));
        assertThat(column(id, "last_event_position")).isEqualTo(11L);
    }

    @Test
    void aRedeliveredSuperuserCreationNeitherDuplicatesNorChangesTheUser() {
        UUID id = UUID.randomUUID();
        SuperuserCreated created = new SuperuserCreated(id, "root@example.com", "root", "", "");
        String event = at(5);
        projection.on(created, JOINED, event);

        projection.on(created, JOINED.plusSeconds(1), event);

        assertThat(rows()).isEqualTo(1);
        assertThat(users.find(id)).hasValueSatisfying(user -> {
            assertThat(user.superuser()).isTrue();
            assertThat(user.dateJoined()).isEqualTo(JOINED);
        });
    }

    @Test
    void derivesTheEmailDomainInLowerCase() {
        UUID id = UUID.randomUUID();

        projection.on(new UserRegistered(id, "Ada.Lovelace@Example.ORG", "ada", "", ""), JOINED, at(1));

        assertThat(column(id, "email_domain")).isEqualTo("example.org");
        assertThat(users.find(id)).hasValueSatisfying(user -> assertThat(user.email()).isEqualTo("Ada.Lovelace@Example.ORG"));
    }

    /**
     * An event whose transaction commits after later positions were read arrives late, filling a gap: the
     * token delivered with it then stands at the highest position seen, not at the event's.
     */
    @Test
    void recordsTheEventsOwnPositionEvenWhenItArrivesAfterLaterOnes() {
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        projection.on(new UserRegistered(early, "lin@example.com", "lin", "", ""), JOINED, at(40));

        projection.on(new UserRegistered(late, "kay@example.com", "kay", "", ""), JOINED, at(9));

        assertThat(column(early, "last_event_position")).isEqualTo(40L);
        assertThat(column(late, "last_event_position")).isEqualTo(9L);
    }

    @Test
    void refusesAnEventThatIsNotInTheLog() {
        UserRegistered registered = new UserRegistered(UUID.randomUUID(), "nobody@example.com", "nobody", "", "");

        assertThatThrownBy(() -> projection.on(registered, JOINED, UUID.randomUUID().toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in the event log");
        assertThat(rows()).isZero();
    }

    @Test
    void aResetEmptiesTheTableForAReplay() {
        projection.on(new UserRegistered(UUID.randomUUID(), "a@example.com", "a", "", ""), JOINED, at(1));
        projection.on(new SuperuserCreated(UUID.randomUUID(), "b@example.com", "b", "", ""), JOINED, at(3));

        projection.reset();

        assertThat(rows()).isZero();
    }

    @Test
    void anEventTheTableRejectsFailsAloneAndTheBatchAroundItCommitsTheOthers() {
        UUID before = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        UUID after = UUID.randomUUID();

        // as the processor runs a batch: one transaction around several events
        new TransactionTemplate(transactions).executeWithoutResult(batch -> {
            projection.on(new UserRegistered(before, "before@example.com", "before", "", ""), JOINED, EventLog.append(jdbc, 1));
            assertThatThrownBy(() -> projection.on(new UserRegistered(poison, "x".repeat(250) + "@example.com",
                    "poison", "", ""), JOINED, EventLog.append(jdbc, 2))).isInstanceOf(DataIntegrityViolationException.class);
            projection.on(new UserRegistered(after, "after@example.com", "after", "", ""), JOINED, EventLog.append(jdbc, 3));
        });

        assertThat(users.find(before)).isPresent();
        assertThat(users.find(poison)).isEmpty();
        assertThat(users.find(after)).isPresent();
    }
}
