package dev.accounts.command.user;

import dev.accounts.command.audit.AuditMetadata;
import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordPolicy;
import dev.accounts.command.password.UserAttributes;
import dev.accounts.command.user.AccountCommands.ActivateUser;
import dev.accounts.command.user.AccountCommands.ChangePassword;
import dev.accounts.command.user.AccountCommands.DeactivateUser;
import dev.accounts.command.user.AccountCommands.GrantStaff;
import dev.accounts.command.user.AccountCommands.GrantSuperuser;
import dev.accounts.command.user.AccountCommands.LoadAccount;
import dev.accounts.command.user.AccountCommands.RevokeStaff;
import dev.accounts.command.user.AccountCommands.RevokeSuperuser;
import dev.accounts.command.user.AccountCommands.UpdateAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Every change to an existing account, each as its own command, after checking who asks. The caller's
 * rights are read from the caller's account as it is now, not from the roles in the access token, so a
 * deactivated or demoted account loses them at once on this side.
 */
@Service
public class AccountChanges {

    static final String WRONG_OLD_PASSWORD = "Your old password was entered incorrectly. Please enter it again.";

    /** An account after a change, and the log position a reader must reach to see it. */
    public record Changed(AccountSnapshot account, long eventPosition) {
    }

    /** The fields of a profile change; null leaves a field as it is. */
    public record ProfileUpdate(String email, String username, String firstName, String lastName) {
    }

    private enum Right { SELF_OR_STAFF, SELF_OR_SUPERUSER, SUPERUSER }

    private final CommandGateway commands;
    private final AccountClaims claims;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHashing passwordHashing;
    private final EventPositions positions;

    AccountChanges(CommandGateway commands, AccountClaims claims, PasswordPolicy passwordPolicy,
                   PasswordHashing passwordHashing, EventPositions positions) {
        this.commands = commands;
        this.claims = claims;
        this.passwordPolicy = passwordPolicy;
        this.passwordHashing = passwordHashing;
        this.positions = positions;
    }

    /** The account as it is now, or empty when there is none. */
    public Optional<AccountSnapshot> current(UUID userId) {
        return load(userId).map(AccountState::account);
    }

    /**
     * Changes names, email or username; self or staff.
     *
     * @throws InvalidAccount when a value breaks a rule; AlreadyTaken when another account holds it
     */
    public Changed update(UUID actor, UUID target, ProfileUpdate update) {
        authorize(actor, target, Right.SELF_OR_STAFF);
        AccountSnapshot now = require(target).account();
        AccountDetails given = new AccountDetails(update.email(), update.username(), update.firstName(), update.lastName());
        AccountDetails normalized = given.normalized();
        AccountDetails merged = new AccountDetails(
                update.email() != null ? normalized.email() : now.email(),
                update.username() != null ? normalized.username() : now.username(),
                update.firstName() != null ? normalized.firstName() : now.firstName(),
                update.lastName() != null ? normalized.lastName() : now.lastName());
        AccountRules.check(merged);
        UpdateAccount command = new UpdateAccount(target,
                update.email() != null ? merged.email() : null,
                update.username() != null ? merged.username() : null,
                update.firstName() != null ? merged.firstName() : null,
                update.lastName() != null ? merged.lastName() : null);
        try {
            return changed(send(command, target, actor));
        } catch (AlreadyTaken taken) {
            List<String> fields = claims.taken(
                    command.email() != null && !EmailAddress.uniquenessKey(command.email()).equals(EmailAddress.uniquenessKey(now.email()))
                            ? command.email() : null,
                    command.username() != null && !Username.uniquenessKey(command.username()).equals(Username.uniquenessKey(now.username()))
                            ? command.username() : null);
            throw fields.isEmpty() ? taken : new AlreadyTaken(fields);
        }
    }

    /**
     * Sets a new password: the account itself with its old password, or a superuser. Revokes every refresh
     * token of the account.
     *
     * @return the log position of the change
     * @throws InvalidAccount for a wrong old password or a new one the validators refuse
     */
    public long changePassword(UUID actor, UUID target, String oldPassword, String newPassword) {
        authorize(actor, target, Right.SELF_OR_SUPERUSER);
        AccountState state = require(target);
        Map<String, List<String>> faults = new LinkedHashMap<>();
        if (actor.equals(target)) {
            // one's own password needs the old one, superuser or not: a stolen access token alone cannot change it
            if (oldPassword == null || oldPassword.isEmpty()) {
                faults.put("old_password", List.of(AccountRules.REQUIRED));
            } else if (!passwordHashing.matches(oldPassword, state.passwordHash())) {
                faults.put("old_password", List.of(WRONG_OLD_PASSWORD));
            }
        }
        List<String> notText = newPassword == null ? List.of() : AccountRules.textFaults(newPassword);
        if (newPassword == null || newPassword.isEmpty()) {
            faults.put("new_password", List.of(AccountRules.REQUIRED));
        } else if (!notText.isEmpty()) {
            faults.put("new_password", notText);
        } else {
            AccountSnapshot account = state.account();
            List<String> weak = passwordPolicy.check(newPassword,
                    new UserAttributes(account.email(), account.username(), account.firstName(), account.lastName()));
            if (!weak.isEmpty()) {
                faults.put("new_password", weak);
            }
        }
        if (!faults.isEmpty()) {
            throw new InvalidAccount(faults);
        }
        String hash = passwordHashing.hash(newPassword);
        send(new ChangePassword(target, hash), target, actor);
        return positions.latestOf(target);
    }

    /** Superuser only. @throws LastSuperuser for the last active superuser */
    public Changed deactivate(UUID actor, UUID target) {
        return superuserChange(actor, target, DeactivateUser::new);
    }

    /** Superuser only. */
    public Changed activate(UUID actor, UUID target) {
        return superuserChange(actor, target, ActivateUser::new);
    }

    /** Superuser only. */
    public Changed grantStaff(UUID actor, UUID target) {
        return superuserChange(actor, target, GrantStaff::new);
    }

    /** Superuser only. */
    public Changed revokeStaff(UUID actor, UUID target) {
        return superuserChange(actor, target, RevokeStaff::new);
    }

    /** Superuser only. */
    public Changed grantSuperuser(UUID actor, UUID target) {
        return superuserChange(actor, target, GrantSuperuser::new);
    }

    /** Superuser only. @throws LastSuperuser for the last active superuser */
    public Changed revokeSuperuser(UUID actor, UUID target) {
        return superuserChange(actor, target, RevokeSuperuser::new);
    }

    /** Checks that the actor is an active superuser, for creating another one. */
    public void requireSuperuser(UUID actor) {
        authorize(actor, null, Right.SUPERUSER);
    }

    private Changed superuserChange(UUID actor, UUID target, Function<UUID, Object> command) {
        authorize(actor, target, Right.SUPERUSER);
        return changed(send(command.apply(target), target, actor));
    }

    private Changed changed(AccountSnapshot account) {
        return new Changed(account, positions.latestOf(account.id()));
    }

    private void authorize(UUID actor, UUID target, Right right) {
        AccountSnapshot caller = load(actor).map(AccountState::account)
                .orElseThrow(() -> new AccessDenied("Your account does not exist."));
        if (!caller.active()) {
            throw new AccessDenied("Your account is deactivated.");
        }
        boolean self = actor.equals(target);
        boolean allowed = switch (right) {
            case SELF_OR_STAFF -> self || caller.staff() || caller.superuser();
            case SELF_OR_SUPERUSER -> self || caller.superuser();
            case SUPERUSER -> caller.superuser();
        };
        if (!allowed) {
            throw new AccessDenied(switch (right) {
                case SELF_OR_STAFF -> "Only the account itself or staff may do this.";
                case SELF_OR_SUPERUSER -> "Only the account itself or a superuser may do this.";
                case SUPERUSER -> "Only a superuser may do this.";
            });
        }
    }

    private AccountState require(UUID userId) {
        return load(userId).orElseThrow(() -> new UnknownAccount(userId));
    }

    private Optional<AccountState> load(UUID userId) {
        try {
            return Optional.of(commands.sendAndWait(new LoadAccount(userId)));
        } catch (AggregateNotFoundException none) {
            return Optional.empty();
        }
    }

    private <R> R send(Object command, UUID target, UUID actor) {
        try {
            return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(MetaData.with(AuditMetadata.ACTOR, actor.toString())));
        } catch (AggregateNotFoundException none) {
            throw new UnknownAccount(target);
        }
    }
}
