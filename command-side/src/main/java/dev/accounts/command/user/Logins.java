package dev.accounts.command.user;

import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.user.AccountCommands.FailureReason;
import dev.accounts.command.user.AccountCommands.LoadAccount;
import dev.accounts.command.user.AccountCommands.RecordFailedLogin;
import dev.accounts.command.user.AccountCommands.RecordLogin;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Service;

/**
 * Login as a command: finds the account by email as registration matches it, verifies the password against
 * the account's hash outside any transaction (bounded like registration's hashing), then records the outcome
 * on the aggregate: {@code UserLoggedIn}, or {@code LoginFailed} and, after too many, {@code AccountLocked}.
 *
 * <p>An unknown email, a wrong password and a deactivated account get the same {@link InvalidCredentials};
 * an unknown email still costs one hash verification (against a dummy hash of the configured parameters),
 * and is locked out after as many failures as an account would be.
 */
@Service
public class Logins {

    /** Actor of a refused login: whoever tried is not known. */
    static final String ANONYMOUS = "anonymous";

    private final CommandGateway commands;
    private final AccountClaims claims;
    private final PasswordHashing hashing;
    private final UnknownEmailLockouts unknownEmails;
    /** A hash of a random password with the configured parameters: an unknown email costs one verification too. */
    private final String dummyHash;

    Logins(CommandGateway commands, AccountClaims claims, PasswordHashing hashing, UnknownEmailLockouts unknownEmails) {
        this.commands = commands;
        this.claims = claims;
        this.hashing = hashing;
        this.unknownEmails = unknownEmails;
        this.dummyHash = hashing.hash(UUID.randomUUID().toString());
    }

    /**
     * Logs a person in.
     *
     * @return the account as it is after the login
     * @throws InvalidAccount when the email or password is missing
     * @throws InvalidCredentials for an unknown email, a wrong password or a deactivated account
     * @throws AccountLockedOut while the account (or the unknown email) is locked
     */
    public AccountSnapshot logIn(String email, String password) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        if (email == null || email.isBlank()) {
            missing.put("email", List.of(AccountRules.REQUIRED));
        }
        if (password == null || password.isEmpty()) {
            missing.put("password", List.of(AccountRules.REQUIRED));
        }
        if (!missing.isEmpty()) {
            throw new InvalidAccount(missing);
        }
        String normalized = EmailAddress.normalize(email);
        Instant now = Instant.now();
        Optional<UUID> holder = normalized.length() <= EmailAddress.MAX_LENGTH
                ? claims.holderOfEmail(normalized) : Optional.empty();
        if (holder.isEmpty()) {
            String key = EmailAddress.uniquenessKey(normalized);
            unknownEmails.checkNotLocked(key, now);
            hashing.matches(password, dummyHash);
            unknownEmails.fail(key, now);
            throw new InvalidCredentials();
        }
        UUID id = holder.get();
        AccountState state = commands.sendAndWait(new LoadAccount(id));
        if (state.lockedAt(now)) {
            throw new AccountLockedOut(Duration.between(now, state.lockedUntil()));
        }
        if (!hashing.matches(password, state.passwordHash())) {
            send(new RecordFailedLogin(id, now, FailureReason.WRONG_PASSWORD), ANONYMOUS);
            throw new InvalidCredentials();
        }
        if (!state.account().active()) {
            send(new RecordFailedLogin(id, now, FailureReason.INACTIVE), ANONYMOUS);
            throw new InvalidCredentials();
        }
        // the new hash is computed here, outside the transaction, like every hash
        String upgraded = hashing.needsUpgrade(state.passwordHash()) ? hashing.hash(password) : null;
        return send(new RecordLogin(id, now, upgraded), id.toString());
    }

    private <R> R send(Object command, String actor) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(Registrations.ACTOR, actor)));
    }
}
