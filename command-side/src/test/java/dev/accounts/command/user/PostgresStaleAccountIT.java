package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.accounts.command.password.PasswordHashing;
import dev.accounts.events.PasswordChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.testsupport.TestDatabases;
import java.lang.ref.Reference;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command side keeps the accounts it uses in memory; another command side on the same database may change
 * one meanwhile. Here another writer appends to accounts this one holds in memory (held there for the test's
 * length, so that the garbage collector cannot take them out first): a login must check the password against the
 * new hash, a change must be judged on the account as the log has it, and so must whether its caller may act.
 */
@ActiveProfiles("postgres")
@SpringBootTest(properties = {"accounts.password.algorithm=pbkdf2_sha256", "accounts.password.iterations=1000"})
class PostgresStaleAccountIT {

    private static final String OLD_PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final String NEW_PASSWORD = "Correct-horse-battery-9";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useFreshPostgres(registry);
    }

    @Autowired
    Registrations registrations;
    @Autowired
    Logins logins;
    @Autowired
    AccountChanges changes;
    @Autowired
    PasswordHashing hashing;
    @Autowired
    EventStorageEngine log;
    @Autowired
    @Qualifier("userCache")
    Cache accountsInMemory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aPasswordChangedByAnotherWriterRefusesTheOldPasswordAlthoughTheCopyInMemoryHasIt() {
        String email = "stale-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID id = registrations.open(new Registrations.Application(
                new AccountDetails(email, "stale-" + UUID.randomUUID().toString().substring(0, 8), "", ""),
                OLD_PASSWORD, Registrations.Kind.USER, true, null, null)).userId();
        logins.logIn(email, OLD_PASSWORD, null);
        Object inMemory = accountsInMemory.get(id.toString());
        assertThat(inMemory).as("the account, in memory after the login").isNotNull();

        // another command side changes the password: its events take the account's next sequence numbers
        appendAsAnotherWriter(id, new PasswordChanged(id), new PasswordSet(id, hashing.hash(NEW_PASSWORD)));

        assertThatThrownBy(() -> logins.logIn(email, OLD_PASSWORD, null)).isInstanceOf(InvalidCredentials.class);
        assertThat(logins.logIn(email, NEW_PASSWORD, null).id()).isEqualTo(id);
        Reference.reachabilityFence(inMemory);
    }

    @Test
    void aChangeThatTheStaleCopySaysIsMadeAlreadyIsJudgedOnTheLog() {
        UUID root = open(Registrations.Kind.SUPERUSER);
        UUID target = open(Registrations.Kind.USER);
        changes.update(target, target, new AccountChanges.ProfileUpdate(null, null, "Ada", null));
        Object inMemory = accountsInMemory.get(target.toString());
        assertThat(inMemory).as("the account, in memory after its change").isNotNull();

        // another command side makes the account staff; the copy in memory still says it is not
        appendAsAnotherWriter(target, new StaffGranted(target), new ProfileChanged(target, "Augusta", "Lovelace"));

        AccountSnapshot revoked = changes.revokeStaff(root, target).account();
        assertThat(revoked.staff()).isFalse();
        assertThat(revoked.firstName()).as("the other writer's change, seen").isEqualTo("Augusta");
        assertThat(newestEventType(target)).as("the revocation, appended").endsWith("StaffRevoked");
        Reference.reachabilityFence(inMemory);
    }

    @Test
    void aCallerDemotedByAnotherWriterMayNoLongerAct() {
        UUID root = open(Registrations.Kind.SUPERUSER);
        UUID target = open(Registrations.Kind.USER);
        changes.grantStaff(root, target);
        Object inMemory = accountsInMemory.get(root.toString());
        assertThat(inMemory).as("the caller, in memory after acting").isNotNull();

        appendAsAnotherWriter(root, new SuperuserRevoked(root));

        assertThatThrownBy(() -> changes.revokeStaff(root, target)).isInstanceOf(AccessDenied.class);
        assertThat(newestEventType(target)).as("nothing appended to the target").endsWith("StaffGranted");
        Reference.reachabilityFence(inMemory);
    }

    @Test
    void theCommandSideAppendsThroughTheEngineThatReportsPositions() {
        assertThat(log).isInstanceOf(dev.accounts.command.storage.PositionReportingStorageEngine.class);
    }

    private void appendAsAnotherWriter(UUID account, Object... events) {
        long next = log.lastSequenceNumberFor(account.toString()).orElseThrow() + 1;
        List<GenericDomainEventMessage<Object>> messages = new java.util.ArrayList<>();
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>("User", account.toString(), next++, event));
        }
        log.appendEvents(messages);
    }

    private String newestEventType(UUID account) {
        return jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number DESC LIMIT 1").param(account.toString()).query(String.class).single();
    }

    private UUID open(Registrations.Kind kind) {
        String name = "stale-" + UUID.randomUUID().toString().substring(0, 8);
        return registrations.open(new Registrations.Application(new AccountDetails(name + "@example.com", name, "", ""),
                OLD_PASSWORD, kind, true, null, null)).userId();
    }
}
