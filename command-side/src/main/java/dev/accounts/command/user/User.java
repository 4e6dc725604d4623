package dev.accounts.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserRegistered;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A user account, rebuilt from its events. Checks every rule before it applies anything. */
@Aggregate
class User {

    @AggregateIdentifier
    private UUID id;
    private String passwordHash;
    private boolean active;
    private boolean staff;
    private boolean superuser;

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
    User(CreateSuperuser command, AccountClaims claims) {
        AccountDetails details = openable(command, claims);
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
        if (command.passwordHash() == null || command.passwordHash().isBlank()) {
            throw new IllegalArgumentException("A new account needs a password hash");
        }
        // last, so a claim is only taken for an account that will be opened; it commits with the events
        claims.claim(command.userId(), details.email(), details.username());
        return details;
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        id = event.userId();
        active = true;
    }

    @EventSourcingHandler
    void on(SuperuserCreated event) {
        id = event.userId();
        active = true;
        staff = true;
        superuser = true;
    }

    @EventSourcingHandler
    void on(PasswordSet event) {
        passwordHash = event.passwordHash();
    }
}
