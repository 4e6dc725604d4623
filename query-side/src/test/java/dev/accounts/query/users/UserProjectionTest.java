package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.accounts.events.EmailChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.StaffRevoked;
import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.SuperuserGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.events.UserActivated;
import dev.accounts.events.UserDeactivated;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.events.UsernameChanged;
import dev.accounts.query.log.RecentPositions;
import dev.accounts.query.support.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
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
    private RecentPositions positions;
    private UserQueries users;

    @BeforeEach
    void database() {
        DataSource dataSource = EventLog.migratedInMemoryH2();
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        projection = new UserProjection(template, EventLog.SCHEMA, transactions,
                new DeferredIndexes(template, dataSource, transactions), positions = new RecentPositions());
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
    void anEventWhosePositionTheStorageEngineNotedIsWrittenWithItWithoutLookingItUp() {
        UUID id = UUID.randomUUID();
        String notInTheLog = UUID.randomUUID().toString();
        positions.record(notInTheLog, 42);
        String login = UUID.randomUUID().toString();
        positions.record(login, 43);

        projection.on(new UserRegistered(id, "ada@example.com", "ada", "Ada", "Lovelace"), JOINED, notInTheLog);
        projection.on(new UserLoggedIn(id), JOINED.plusSeconds(5), login);

        assertThat(column(id, "last_event_position")).isEqualTo(43L);
        assertThat(users.find(id)).hasValueSatisfying(user -> assertThat(user.lastLogin()).isEqualTo(JOINED.plusSeconds(5)));
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
    void showsEveryChangeToAnAccount() {
        UUID id = UUID.randomUUID();
        projection.on(new UserRegistered(id, "ada@example.com", "ada", "Ada", "Lovelace"), JOINED, at(1));
        Instant login = JOINED.plusSeconds(3600);

        projection.on(new UserLoggedIn(id), login, at(2));
        projection.on(new ProfileChanged(id, "Augusta Ada", "King"), JOINED, at(3));
        projection.on(new EmailChanged(id, "Ada.King@Example.ORG"), JOINED, at(4));
        projection.on(new UsernameChanged(id, "countess"), JOINED, at(5));
        projection.on(new StaffGranted(id), JOINED, at(6));
        projection.on(new SuperuserGranted(id), JOINED, at(7));
        projection.on(new UserDeactivated(id), JOINED, at(8));

        assertThat(users.find(id)).contains(new User(id, "Ada.King@Example.ORG", "countess", "Augusta Ada", "King",
                false, true, true, JOINED, login));
        assertThat(column(id, "email_domain")).isEqualTo("example.org");
        assertThat(column(id, "last_event_position")).isEqualTo(8L);
    }

    @Test
    void showsRevocationsAndReactivation() {
        UUID id = UUID.randomUUID();
        projection.on(new SuperuserCreated(id, "root@example.com", "root", "", ""), JOINED, at(1));
        projection.on(new UserDeactivated(id), JOINED, at(2));

        projection.on(new StaffRevoked(id), JOINED, at(3));
        projection.on(new SuperuserRevoked(id), JOINED, at(4));
        projection.on(new UserActivated(id), JOINED, at(5));

        assertThat(users.find(id)).hasValueSatisfying(user -> {
            assertThat(user.active()).isTrue();
            assertThat(user.staff()).isFalse();
            assertThat(user.superuser()).isFalse();
        });
    }

    @Test
    void aRedeliveredOrOlderChangeChangesNothing() {
        UUID id = UUID.randomUUID();
        projection.on(new UserRegistered(id, "ada@example.com", "ada", "", ""), JOINED, at(1));
        String first = at(2);
        projection.on(new ProfileChanged(id, "First", ""), JOINED, first);
        projection.on(new ProfileChanged(id, "Second", ""), JOINED, at(3));

        projection.on(new ProfileChanged(id, "First", ""), JOINED, first);
        projection.on(new UserLoggedIn(id), JOINED.plusSeconds(5), first);

        assertThat(users.find(id)).hasValueSatisfying(user -> {
            assertThat(user.firstName()).isEqualTo("Second");
            assertThat(user.lastLogin()).isNull();
        });
        assertThat(column(id, "last_event_position")).isEqualTo(3L);
    }

    @Test
    void aBatchAppliesAnAccountsCreationAndItsChangesInOrder() {
        UUID id = UUID.randomUUID();
        List<String> ids = List.of(at(1), at(2), at(3));
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(
                GenericEventMessage.asEventMessage("one"), GenericEventMessage.asEventMessage("two"),
                GenericEventMessage.asEventMessage("three")));
        batch.attachTransaction(new SpringTransactionManager(transactions));
        batch.start();
        projection.on(new UserRegistered(id, "lin@example.com", "lin", "", ""), JOINED, ids.get(0));
        projection.on(new UsernameChanged(id, "lin2"), JOINED, ids.get(1));
        projection.on(new UserLoggedIn(id), JOINED.plusSeconds(9), ids.get(2));
        assertThat(rowsInAnotherTransaction()).isZero();
        batch.commit();

        assertThat(users.find(id)).hasValueSatisfying(user -> {
            assertThat(user.username()).isEqualTo("lin2");
            assertThat(user.lastLogin()).isEqualTo(JOINED.plusSeconds(9));
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
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("LAST_EVENT_POSITION");
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

    /** Runs events as a processor batch does: one unit of work over all of them, in one transaction. */
    private ResultMessage<?> inABatch(List<UserRegistered> events, List<String> eventIds, Runnable beforeCommit) {
        List<EventMessage<?>> messages = events.stream().<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        batch.attachTransaction(new SpringTransactionManager(transactions));
        batch.onPrepareCommit(unitOfWork -> beforeCommit.run());
        return batch.executeWithResult(() -> {
            int i = messages.indexOf(CurrentUnitOfWork.get().getMessage());
            projection.on(events.get(i), JOINED, eventIds.get(i));
            return null;
        });
    }

    @Test
    void aBatchWritesItsEventsTogetherWhenItCommits() {
        List<UserRegistered> events = List.of(
                new UserRegistered(UUID.randomUUID(), "one@example.com", "one", "", ""),
                new UserRegistered(UUID.randomUUID(), "two@example.com", "two", "", ""),
                new UserRegistered(UUID.randomUUID(), "three@example.com", "three", "", ""));
        List<String> ids = List.of(at(1), at(2), at(3));
        List<Long> seenBeforeCommit = new ArrayList<>();

        ResultMessage<?> result = inABatch(events, ids, () -> seenBeforeCommit.add(rowsInAnotherTransaction()));

        assertThat(result.isExceptional()).isFalse();
        assertThat(seenBeforeCommit).containsExactly(0L);
        assertThat(rows()).isEqualTo(3);
        assertThat(column(events.get(1).userId(), "last_event_position")).isEqualTo(2L);
    }

    @Test
    void aBatchThatFailsRollsBackWholeAndItsRetryAppliesEveryEventButTheOneAtFault() {
        UserRegistered before = new UserRegistered(UUID.randomUUID(), "before@example.com", "before", "", "");
        UserRegistered poison = new UserRegistered(UUID.randomUUID(), "x".repeat(250) + "@example.com", "poison", "", "");
        UserRegistered after = new UserRegistered(UUID.randomUUID(), "after@example.com", "after", "", "");
        List<UserRegistered> events = List.of(before, poison, after);
        List<String> ids = List.of(at(1), at(2), at(3));

        ResultMessage<?> first = inABatch(events, ids, () -> { });

        assertThat(first.isExceptional()).isTrue();
        assertThat(first.exceptionResult()).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(rows()).isZero();

        // the retry: each event is written as its handler runs, so the poison one fails alone, in its handler
        // (where the processor's dead-letter queue would take it), and the batch commits the others
        List<Throwable> failures = new ArrayList<>();
        new TransactionTemplate(transactions).executeWithoutResult(retry -> {
            for (int i = 0; i < events.size(); i++) {
                int event = i;
                try {
                    inTheSameUnitOfWork(() -> projection.on(events.get(event), JOINED, ids.get(event)));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });

        assertThat(failures).singleElement().isInstanceOf(DataIntegrityViolationException.class);
        assertThat(users.find(before.userId())).isPresent();
        assertThat(users.find(poison.userId())).isEmpty();
        assertThat(users.find(after.userId())).isPresent();
    }

    /** A handler called inside a processor batch (a unit of work over several events). */
    private void inTheSameUnitOfWork(Runnable handler) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(
                List.of(GenericEventMessage.asEventMessage("retry")));
        batch.start();
        try {
            handler.run();
        } finally {
            batch.commit();
        }
    }

    private long rowsInAnotherTransaction() {
        TransactionTemplate other = new TransactionTemplate(transactions);
        other.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return other.execute(status -> rows());
    }
}
