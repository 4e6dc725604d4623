package dev.accounts.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
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
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A user account, rebuilt from its events (and snapshots of its fields, hence Jackson's field access). Checks
 * every rule before it applies anything.
 */
@Aggregate(snapshotTriggerDefinition = "userSnapshotTrigger", cache = "userCache",
        commandTargetResolver = AccountCommandTargets.BEAN)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class User {

    @AggregateIdentifier
    private UUID id;
    private String email;
    private String username;
    private String firstName;
    private String lastName;
    private String passwordHash;
    private boolean active;
    private boolean staff;
    private boolean superuser;
    /** Wrong passwords since the last successful login or lockout. */
    private int failures;
    private Instant lockedUntil;

    protected User() {
        // for Axon, which rebuilds the account from its events
    }

    @CommandHandler
    User(RegisterUser command, AccountClaims claims) {
        AccountDetails details = openable(command, claims);
        apply(new UserRegistered(command.userId(), details.email(), details.username(),
                details.firstName(), details.lastName()));
        apply(new PasswordSet(command.userId(), command.passwordHash()));
    }

    @CommandHandler
    User(CreateSuperuser command, AccountClaims claims, SuperuserSeats seats) {
        AccountDetails details = openable(command, claims);
        seats.take(command.userId());
        apply(new SuperuserCreated(command.userId(), details.email(), details.username(),
                details.firstName(), details.lastName()));
        apply(new PasswordSet(command.userId(), command.passwordHash()));
    }

    private static AccountDetails openable(NewAccountCommand command, AccountClaims claims) {
        AccountDetails details = command.details();
        if (!details.equals(details.normalized())) {
            throw new IllegalArgumentException("Account details must be normalised before " + command.getClass().getSimpleName());
        }
        AccountRules.check(details);
        requireHash(command.passwordHash());
        // last, so a claim is only taken for an account that will be opened; it commits with the events
        claims.claim(command.userId(), details.email(), details.username());
        return details;
    }

    private static void requireHash(String hash) {
        if (hash == null || hash.isBlank()) {
            throw new IllegalArgumentException("A password hash is required");
        }
    }

    @CommandHandler
    AccountState handle(LoadAccount command) {
        Long version = AggregateLifecycle.getVersion();
        if (command.knownVersion() != null && (version == null || version < command.knownVersion())) {
            throw new StaleAccount();
        }
        return new AccountState(snapshot(), passwordHash, lockedUntil);
    }

    @CommandHandler
    AccountSnapshot handle(RecordLogin command, SessionOpening sessions) {
        if (lockedUntil != null && lockedUntil.isAfter(command.at())) {
            throw new AccountLockedOut(java.time.Duration.between(command.at(), lockedUntil));
        }
        if (!active) {
            throw new InvalidCredentials();
        }
        if (!Objects.equals(passwordHash, command.verifiedHash())) {
            throw new PasswordChangedMeanwhile();
        }
        apply(new UserLoggedIn(id));
        if (command.upgradedHash() != null) {
            requireHash(command.upgradedHash());
            apply(new PasswordSet(id, command.upgradedHash()));
        }
        if (command.refreshTokenDigest() != null) {
            sessions.open(id, command.refreshTokenDigest());
        }
        return snapshot();
    }

    @CommandHandler
    void handle(RecordFailedLogin command, LoginProperties policy) {
        if (lockedUntil != null && lockedUntil.isAfter(command.at())) {
            throw new AccountLockedOut(java.time.Duration.between(command.at(), lockedUntil));
        }
        if (command.reason() == FailureReason.INACTIVE) {
            apply(new LoginFailed(id, FailureReason.INACTIVE.code(), failures));
            return;
        }
        int consecutive = failures + 1;
        apply(new LoginFailed(id, FailureReason.WRONG_PASSWORD.code(), consecutive));
        if (consecutive >= policy.maxFailures()) {
            apply(new AccountLocked(id, command.at().plus(policy.lockout())));
        }
    }

    @CommandHandler
    AccountSnapshot handle(UpdateAccount command, AccountClaims claims) {
        AccountDetails changed = new AccountDetails(
                command.email() != null ? command.email() : email,
                command.username() != null ? command.username() : username,
                command.firstName() != null ? command.firstName() : firstName,
                command.lastName() != null ? command.lastName() : lastName);
        if (!changed.equals(changed.normalized())) {
            throw new IllegalArgumentException("Account details must be normalised before UpdateAccount");
        }
        AccountRules.check(changed);
        boolean emailChanged = !changed.email().equals(email);
        boolean usernameChanged = !changed.username().equals(username);
        // both claims first, so that a taken value stops the command before anything is applied
        if (emailChanged) {
            claims.moveEmail(id, email, changed.email());
        }
        if (usernameChanged) {
            claims.moveUsername(id, username, changed.username());
        }
        if (!changed.firstName().equals(firstName) || !changed.lastName().equals(lastName)) {
            apply(new ProfileChanged(id, changed.firstName(), changed.lastName()));
        }
        if (emailChanged) {
            apply(new EmailChanged(id, changed.email()));
        }
        if (usernameChanged) {
            apply(new UsernameChanged(id, changed.username()));
        }
        return snapshot();
    }

    @CommandHandler
    void handle(ChangePassword command, SessionRevocation sessions) {
        requireHash(command.passwordHash());
        sessions.revokeAll(id);
        apply(new PasswordChanged(id));
        apply(new PasswordSet(id, command.passwordHash()));
    }

    @CommandHandler
    AccountSnapshot handle(DeactivateUser command, SuperuserSeats seats, SessionRevocation sessions) {
        if (active) {
            if (superuser) {
                seats.release(id);
            }
            sessions.revokeAll(id);
            apply(new UserDeactivated(id));
        }
        return snapshot();
    }

    @CommandHandler
    AccountSnapshot handle(ActivateUser command, SuperuserSeats seats) {
        if (!active) {
            if (superuser) {
                seats.take(id);
            }
            apply(new UserActivated(id));
        }
        return snapshot();
    }

    @CommandHandler
    AccountSnapshot handle(GrantStaff command) {
        if (!staff) {
            apply(new StaffGranted(id));
        }
        return snapshot();
    }

    @CommandHandler
    AccountSnapshot handle(RevokeStaff command) {
        if (staff) {
            apply(new StaffRevoked(id));
        }
        return snapshot();
    }

    @CommandHandler
    AccountSnapshot handle(GrantSuperuser command, SuperuserSeats seats) {
        if (!superuser) {
            if (active) {
                seats.take(id);
            }
            apply(new SuperuserGranted(id));
        }
        return snapshot();
    }

    @CommandHandler
    AccountSnapshot handle(RevokeSuperuser command, SuperuserSeats seats) {
        if (superuser) {
            if (active) {
                seats.release(id);
            }
            apply(new SuperuserRevoked(id));
        }
        return snapshot();
    }

    private AccountSnapshot snapshot() {
        return new AccountSnapshot(id, email, username, firstName, lastName, active, staff, superuser);
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        id = event.userId();
        email = event.email();
        username = event.username();
        firstName = event.firstName();
        lastName = event.lastName();
        active = true;
    }

    @EventSourcingHandler
    void on(SuperuserCreated event) {
        id = event.userId();
        email = event.email();
        username = event.username();
        firstName = event.firstName();
        lastName = event.lastName();
        active = true;
        staff = true;
        superuser = true;
    }

    @EventSourcingHandler
    void on(PasswordSet event) {
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserLoggedIn event) {
        failures = 0;
        lockedUntil = null;
    }

    @EventSourcingHandler
    void on(LoginFailed event) {
        failures = event.consecutiveFailures();
    }

    @EventSourcingHandler
    void on(AccountLocked event) {
        failures = 0;
        lockedUntil = event.lockedUntil();
    }

    @EventSourcingHandler
    void on(ProfileChanged event) {
        firstName = event.firstName();
        lastName = event.lastName();
    }

    @EventSourcingHandler
    void on(EmailChanged event) {
        email = event.email();
    }

    @EventSourcingHandler
    void on(UsernameChanged event) {
        username = event.username();
    }

    @EventSourcingHandler
    void on(UserDeactivated event) {
        active = false;
    }

    @EventSourcingHandler
    void on(UserActivated event) {
        active = true;
    }

    @EventSourcingHandler
    void on(StaffGranted event) {
        staff = true;
    }

    @EventSourcingHandler
    void on(StaffRevoked event) {
        staff = false;
    }

    @EventSourcingHandler
    void on(SuperuserGranted event) {
        superuser = true;
    }

    @EventSourcingHandler
    void on(SuperuserRevoked event) {
        superuser = false;
    }
}
