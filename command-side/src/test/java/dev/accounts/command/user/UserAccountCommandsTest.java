package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.CommandSideDatabases;
import dev.accounts.command.user.AccountCommands.ActivateUser;
import dev.accounts.command.user.AccountCommands.ChangePassword;
import dev.accounts.command.user.AccountCommands.DeactivateUser;
import dev.accounts.command.user.AccountCommands.FailureReason;
import dev.accounts.command.user.AccountCommands.GrantStaff;
import dev.accounts.command.user.AccountCommands.GrantSuperuser;
import dev.accounts.command.user.AccountCommands.LoadAccount;
import dev.accounts.command.user.AccountCommands.RecordFailedLogin;
import dev.accounts.command.user.AccountCommands.RecordLogin;
import dev.accounts.command.user.AccountCommands.RevokeStaff;
import dev.accounts.command.user.AccountCommands.RevokeSuperuser;
import dev.accounts.command.user.AccountCommands.UpdateAccount;
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
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.events.UsernameChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every command on an existing account, its acceptances and rejections. Claims and superuser seats live in a
 * real (in-memory H2) database migrated by the command side's migrations; the fixture supplies the event store.
 */
class UserAccountCommandsTest {

    private static final String HASH = "pbkdf2_sha256$1000$salt$aGFzaA==";
    private static final String NEW_HASH = "pbkdf2_sha256$2000$salt$bmV3aGFzaA==";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private AggregateTestFixture<User> fixture;
    private AccountClaims claims;
    private SuperuserSeats seats;
    private final List<UUID> revoked = new ArrayList<>();
    /** Sessions opened by logins: "user id digest". */
    private final List<String> opened = new ArrayList<>();
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        DriverManagerDataSource dataSource = CommandSideDatabases.h2();
        claims = new AccountClaims(new JdbcTemplate(dataSource));
        seats = new SuperuserSeats(JdbcClient.create(dataSource));
        fixture = new AggregateTestFixture<>(User.class);
        // commands routed as in the service: by their userId(), not by Axon's annotation lookup
        fixture.registerCommandTargetResolver(new AccountCommandTargets());
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(seats);
        fixture.registerInjectableResource(new LoginProperties(5, Duration.ofMinutes(15)));
        fixture.registerInjectableResource((SessionRevocation) revoked::add);
        fixture.registerInjectableResource((SessionOpening) (userId, digest) -> opened.add(userId + " " + digest));
    }

    private UserRegistered registered() {
        claims.claim(id, "ada@example.com", "ada");
        return new UserRegistered(id, "ada@example.com", "ada", "Ada", "Lovelace");
    }

    private SuperuserCreated superuserCreated() {
        claims.claim(id, "root@example.com", "root");
        seats.take(id);
        return new SuperuserCreated(id, "root@example.com", "root", "", "");
    }

    private static List<Object> failures(UUID id, int count) {
        List<Object> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(new LoginFailed(id, "wrong_password", i));
        }
        return events;
    }

    // LoadAccount

    @Test
    void loadsTheAccountWithItsHashAndAppendsNothing() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new LoadAccount(id))
                .expectNoEvents()
                .expectResultMessagePayload(new AccountState(
                        new AccountSnapshot(id, "ada@example.com", "ada", "Ada", "Lovelace", true, false, false), HASH, null));
    }

    @Test
    void loadsTheAccountWhenItIsAtTheVersionTheLogGave() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new LoadAccount(id, 1L))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesToLoadACopyOlderThanTheLogSays() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new LoadAccount(id, 2L))
                .expectNoEvents()
                .expectException(StaleAccount.class);
    }

    // RecordLogin

    @Test
    void recordsALogin() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new RecordLogin(id, T0, HASH, null, null))
                .expectEvents(new UserLoggedIn(id));
    }

    @Test
    void opensTheLoginsSessionWithItsEvents() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new RecordLogin(id, T0, HASH, null, "digest-of-the-refresh-token"))
                .expectEvents(new UserLoggedIn(id));
        assertThat(opened).containsExactly(id + " digest-of-the-refresh-token");
    }

    @Test
    void opensNoSessionForADeactivatedAccount() {
        fixture.given(registered(), new UserDeactivated(id))
                .when(new RecordLogin(id, T0, null, null, "digest-of-the-refresh-token"))
                .expectException(InvalidCredentials.class)
                .expectNoEvents();
        assertThat(opened).isEmpty();
    }

    @Test
    void opensNoSessionWhileLocked() {
        fixture.given(registered(), new AccountLocked(id, T0.plusSeconds(60)))
                .when(new RecordLogin(id, T0, null, null, "digest-of-the-refresh-token"))
                .expectException(AccountLockedOut.class)
                .expectNoEvents();
        assertThat(opened).isEmpty();
    }

    @Test
    void recordsALoginWithAnUpgradedHashInTheInternalEvent() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new RecordLogin(id, T0, HASH, NEW_HASH, null))
                .expectEvents(new UserLoggedIn(id), new PasswordSet(id, NEW_HASH));
    }

    @Test
    void refusesALoginWhosePasswordChangedAfterItWasVerified() {
        fixture.given(registered(), new PasswordSet(id, HASH), new PasswordChanged(id), new PasswordSet(id, NEW_HASH))
                .when(new RecordLogin(id, T0, HASH, null, "digest-of-the-refresh-token"))
                .expectException(PasswordChangedMeanwhile.class)
                .expectNoEvents();
        assertThat(opened).isEmpty();
    }

    @Test
    void refusesALoginWhileLocked() {
        fixture.given(registered(), new AccountLocked(id, T0.plusSeconds(60)))
                .when(new RecordLogin(id, T0, null, null, null))
                .expectException(AccountLockedOut.class)
                .expectNoEvents();
    }

    @Test
    void refusesALoginToADeactivatedAccount() {
        fixture.given(registered(), new UserDeactivated(id))
                .when(new RecordLogin(id, T0, null, null, null))
                .expectException(InvalidCredentials.class)
                .expectNoEvents();
    }

    @Test
    void acceptsALoginOnceTheLockHasExpired() {
        fixture.given(registered(), new AccountLocked(id, T0.minusSeconds(1)))
                .when(new RecordLogin(id, T0, null, null, null))
                .expectEvents(new UserLoggedIn(id));
    }

    // RecordFailedLogin

    @Test
    void countsAWrongPassword() {
        fixture.given(registered())
                .when(new RecordFailedLogin(id, T0, FailureReason.WRONG_PASSWORD))
                .expectEvents(new LoginFailed(id, "wrong_password", 1));
    }

    @Test
    void locksTheAccountOnTheFifthConsecutiveWrongPassword() {
        List<Object> given = new ArrayList<>(List.of(registered()));
        given.addAll(failures(id, 4));
        fixture.given(given)
                .when(new RecordFailedLogin(id, T0, FailureReason.WRONG_PASSWORD))
                .expectEvents(new LoginFailed(id, "wrong_password", 5), new AccountLocked(id, T0.plus(Duration.ofMinutes(15))));
    }

    @Test
    void aSuccessfulLoginResetsTheCount() {
        List<Object> given = new ArrayList<>(List.of(registered()));
        given.addAll(failures(id, 4));
        given.add(new UserLoggedIn(id));
        fixture.given(given)
                .when(new RecordFailedLogin(id, T0, FailureReason.WRONG_PASSWORD))
                .expectEvents(new LoginFailed(id, "wrong_password", 1));
    }

    @Test
    void countsAfreshAfterALockExpires() {
        List<Object> given = new ArrayList<>(List.of(registered()));
        given.addAll(failures(id, 5));
        given.add(new AccountLocked(id, T0.minusSeconds(1)));
        fixture.given(given)
                .when(new RecordFailedLogin(id, T0, FailureReason.WRONG_PASSWORD))
                .expectEvents(new LoginFailed(id, "wrong_password", 1));
    }

    @Test
    void refusesToCountWhileLocked() {
        fixture.given(registered(), new AccountLocked(id, T0.plusSeconds(1)))
                .when(new RecordFailedLogin(id, T0, FailureReason.WRONG_PASSWORD))
                .expectException(AccountLockedOut.class)
                .expectNoEvents();
    }

    @Test
    void recordsTheRightPasswordForADeactivatedAccountWithoutCountingIt() {
        List<Object> given = new ArrayList<>(List.of(registered()));
        given.addAll(failures(id, 2));
        given.add(new UserDeactivated(id));
        fixture.given(given)
                .when(new RecordFailedLogin(id, T0, FailureReason.INACTIVE))
                .expectEvents(new LoginFailed(id, "inactive", 2));
    }

    // UpdateAccount

    @Test
    void changesTheNamesOnly() {
        fixture.given(registered())
                .when(new UpdateAccount(id, null, null, "Augusta Ada", null))
                .expectEvents(new ProfileChanged(id, "Augusta Ada", "Lovelace"));
    }

    @Test
    void changesTheEmailAndMovesItsClaim() {
        fixture.given(registered())
                .when(new UpdateAccount(id, "ada.king@example.com", null, null, null))
                .expectEvents(new EmailChanged(id, "ada.king@example.com"));
        assertThat(claims.emailHolder("ADA.KING@example.com").map(AccountClaims.EmailHolder::userId)).contains(id);
        assertThat(claims.emailHolder("ada@example.com").map(AccountClaims.EmailHolder::userId)).isEmpty();
    }

    @Test
    void changesTheUsernameAndMovesItsClaim() {
        fixture.given(registered())
                .when(new UpdateAccount(id, null, "countess", null, null))
                .expectEvents(new UsernameChanged(id, "countess"));
        assertThat(claims.taken(null, "COUNTESS")).containsExactly("username");
        assertThat(claims.taken(null, "ada")).isEmpty();
    }

    @Test
    void changesOnlyTheLetterCaseOfTheEmailKeepingItsClaim() {
        fixture.given(registered())
                .when(new UpdateAccount(id, "Ada@example.com", null, null, null))
                .expectEvents(new EmailChanged(id, "Ada@example.com"));
        assertThat(claims.emailHolder("ada@example.com").map(AccountClaims.EmailHolder::userId)).contains(id);
    }

    @Test
    void appendsNothingWhenNothingChanges() {
        fixture.given(registered())
                .when(new UpdateAccount(id, "ada@example.com", "ada", "Ada", "Lovelace"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rejectsAnEmailTakenInAnotherLetterCaseAndChangesNothing() {
        UserRegistered ada = registered();
        claims.claim(UUID.randomUUID(), "grace@example.com", "grace");
        fixture.given(ada)
                .when(new UpdateAccount(id, "GRACE@example.com", null, "New", null))
                .expectException(AlreadyTaken.class)
                .expectNoEvents();
    }

    @Test
    void rejectsAUsernameTakenInAnotherLetterCase() {
        UserRegistered ada = registered();
        claims.claim(UUID.randomUUID(), "grace@example.com", "grace");
        fixture.given(ada)
                .when(new UpdateAccount(id, null, "GRACE", null, null))
                .expectException(AlreadyTaken.class)
                .expectNoEvents();
    }

    @Test
    void rejectsAnInvalidEmail() {
        fixture.given(registered())
                .when(new UpdateAccount(id, "ada@", null, null, null))
                .expectException(InvalidAccount.class)
                .expectNoEvents();
        assertThat(claims.emailHolder("ada@example.com").map(AccountClaims.EmailHolder::userId)).contains(id);
    }

    @Test
    void rejectsValuesThatWereNotNormalised() {
        fixture.given(registered())
                .when(new UpdateAccount(id, " ada@EXAMPLE.com", null, null, null))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    // ChangePassword

    @Test
    void changesThePasswordKeepingTheHashInTheInternalEventAndRevokingSessions() {
        fixture.given(registered(), new PasswordSet(id, HASH))
                .when(new ChangePassword(id, NEW_HASH))
                .expectEvents(new PasswordChanged(id), new PasswordSet(id, NEW_HASH));
        assertThat(revoked).containsExactly(id);
    }

    @Test
    void rejectsAPasswordChangeWithoutHash() {
        fixture.given(registered())
                .when(new ChangePassword(id, " "))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
        assertThat(revoked).isEmpty();
    }

    // DeactivateUser, ActivateUser

    @Test
    void deactivatesAnAccountAndRevokesItsSessions() {
        fixture.given(registered())
                .when(new DeactivateUser(id))
                .expectEvents(new UserDeactivated(id));
        assertThat(revoked).containsExactly(id);
    }

    @Test
    void deactivatingTwiceAppendsNothing() {
        fixture.given(registered(), new UserDeactivated(id))
                .when(new DeactivateUser(id))
                .expectNoEvents();
    }

    @Test
    void refusesToDeactivateTheLastActiveSuperuser() {
        fixture.given(superuserCreated())
                .when(new DeactivateUser(id))
                .expectException(LastSuperuser.class)
                .expectNoEvents();
        assertThat(revoked).isEmpty();
    }

    @Test
    void deactivatesASuperuserWhenAnotherRemainsAndFreesTheSeat() {
        seats.take(UUID.randomUUID());
        fixture.given(superuserCreated())
                .when(new DeactivateUser(id))
                .expectEvents(new UserDeactivated(id));
        assertThat(seats.count()).isEqualTo(1);
    }

    @Test
    void activatesADeactivatedAccount() {
        fixture.given(registered(), new UserDeactivated(id))
                .when(new ActivateUser(id))
                .expectEvents(new UserActivated(id));
    }

    @Test
    void activatingAnActiveAccountAppendsNothing() {
        fixture.given(registered())
                .when(new ActivateUser(id))
                .expectNoEvents();
    }

    @Test
    void activatingASuperuserTakesItsSeatBack() {
        SuperuserCreated created = superuserCreated();
        seats.take(UUID.randomUUID());
        seats.release(id);
        fixture.given(created, new UserDeactivated(id))
                .when(new ActivateUser(id))
                .expectEvents(new UserActivated(id));
        assertThat(seats.count()).isEqualTo(2);
    }

    // staff and superuser

    @Test
    void grantsStaff() {
        fixture.given(registered())
                .when(new GrantStaff(id))
                .expectEvents(new StaffGranted(id));
    }

    @Test
    void revokesStaff() {
        fixture.given(registered(), new StaffGranted(id))
                .when(new RevokeStaff(id))
                .expectEvents(new StaffRevoked(id));
    }

    @Test
    void grantingStaffTwiceAppendsNothing() {
        fixture.given(registered(), new StaffGranted(id))
                .when(new GrantStaff(id))
                .expectNoEvents();
    }

    @Test
    void revokingStaffFromAnOrdinaryAccountAppendsNothing() {
        fixture.given(registered())
                .when(new RevokeStaff(id))
                .expectNoEvents();
    }

    @Test
    void grantsSuperuserAndTakesASeat() {
        fixture.given(registered())
                .when(new GrantSuperuser(id))
                .expectEvents(new SuperuserGranted(id));
        assertThat(seats.count()).isEqualTo(1);
    }

    @Test
    void grantsSuperuserToADeactivatedAccountWithoutASeat() {
        fixture.given(registered(), new UserDeactivated(id))
                .when(new GrantSuperuser(id))
                .expectEvents(new SuperuserGranted(id));
        assertThat(seats.count()).isZero();
    }

    @Test
    void revokesSuperuserWhenAnotherRemains() {
        seats.take(UUID.randomUUID());
        fixture.given(superuserCreated())
                .when(new RevokeSuperuser(id))
                .expectEvents(new SuperuserRevoked(id));
        assertThat(seats.count()).isEqualTo(1);
    }

    @Test
    void refusesToRevokeTheLastActiveSuperuser() {
        fixture.given(superuserCreated())
                .when(new RevokeSuperuser(id))
                .expectException(LastSuperuser.class)
                .expectNoEvents();
    }

    @Test
    void revokingSuperuserFromAnOrdinaryAccountAppendsNothing() {
        fixture.given(registered())
                .when(new RevokeSuperuser(id))
                .expectNoEvents();
    }

    @Test
    void neverShowsAHashInACommandOrStateDescription() {
        assertThat(new RecordLogin(id, T0, HASH, NEW_HASH, "token-digest").toString()).doesNotContain(HASH)
                .doesNotContain(NEW_HASH).doesNotContain("token-digest");
        assertThat(new ChangePassword(id, NEW_HASH).toString()).doesNotContain(NEW_HASH);
        assertThat(new AccountState(null, HASH, null).toString()).doesNotContain(HASH);
    }
}
