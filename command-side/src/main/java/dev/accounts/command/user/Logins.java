package dev.accounts.command.user;

import dev.accounts.command.audit.AuditMetadata;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
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
 * its answer is held back to the median time an account's refusal takes (which also reads and appends), and
 * it is locked out after as many failures as an account would be.
 */
@Service
public class Logins {

    private final CommandGateway commands;
    private final AccountClaims claims;
    private final PasswordHashing hashing;
    private final UnknownEmailLockouts unknownEmails;
    /** A hash of a random password with the configured parameters: an unknown email costs one verification too. */
    private final String dummyHash;
    /**
     * How long the latest refused logins of accounts took: they also read the account and append
     * {@code LoginFailed}, which an unknown email does not, so an unknown email's answer is held back to their
     * median.
     */
    private final AtomicLongArray refusalNanos = new AtomicLongArray(32);
    private final AtomicInteger refusals = new AtomicInteger();

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
     * @param refreshTokenDigest the digest of the new session's refresh token, stored with the login's events, or
     *                           null for no session
     * @return the account as it is after the login
     * @throws InvalidAccount when the email or password is missing
     * @throws InvalidCredentials for an unknown email, a wrong password or a deactivated account
     * @throws AccountLockedOut while the account (or the unknown email) is locked
     * @throws PasswordChangedMeanwhile when the password changed between its check and the recording of the login
     * @throws org.axonframework.modelling.command.ConcurrencyException when another command side appended to the
     *         account in that moment; nothing is stored in either case
     */
    public AccountSnapshot logIn(String email, String password, String refreshTokenDigest) {
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
        long started = System.nanoTime();
        String normalized = EmailAddress.normalize(email);
        Instant now = Instant.now();
        Optional<AccountClaims.EmailHolder> holder = normalized.length() <= EmailAddress.MAX_LENGTH
                ? claims.emailHolder(normalized) : Optional.empty();
        if (holder.isEmpty()) {
            String key = EmailAddress.uniquenessKey(normalized);
            unknownEmails.checkNotLocked(key, now);
            hashing.matches(password, dummyHash);
            unknownEmails.fail(key, now);
            long wait = typicalRefusalNanos() - (System.nanoTime() - started);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            throw new InvalidCredentials();
        }
        UUID id = holder.get().userId();
        AccountState state;
        try {
            state = commands.sendAndWait(new LoadAccount(id, holder.get().logVersion()));
        } catch (StaleAccount changedElsewhere) {
            state = commands.sendAndWait(new LoadAccount(id));
        }
        if (state.lockedAt(now)) {
            throw new AccountLockedOut(Duration.between(now, state.lockedUntil()));
        }
        if (!hashing.matches(password, state.passwordHash())) {
            send(new RecordFailedLogin(id, now, FailureReason.WRONG_PASSWORD), AuditMetadata.ANONYMOUS);
            refusalNanos.set(Math.floorMod(refusals.getAndIncrement(), refusalNanos.length()), System.nanoTime() - started);
            throw new InvalidCredentials();
        }
        if (!state.account().active()) {
            send(new RecordFailedLogin(id, now, FailureReason.INACTIVE), AuditMetadata.ANONYMOUS);
            throw new InvalidCredentials();
        }
        // the new hash is computed here, outside the transaction, like every hash
        String upgraded = hashing.needsUpgrade(state.passwordHash()) ? hashing.hash(password) : null;
        return send(new RecordLogin(id, now, state.passwordHash(), upgraded, refreshTokenDigest), id.toString());
    }

    /** The median of the latest refusals of accounts; 0 before the first. */
    private long typicalRefusalNanos() {
        int count = Math.min(refusals.get(), refusalNanos.length());
        long[] latest = new long[count];
        for (int i = 0; i < count; i++) {
            latest[i] = refusalNanos.get(i);
        }
        java.util.Arrays.sort(latest);
        return count == 0 ? 0 : latest[count / 2];
    }

    private <R> R send(Object command, String actor) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(AuditMetadata.ACTOR, actor)));
    }
}
