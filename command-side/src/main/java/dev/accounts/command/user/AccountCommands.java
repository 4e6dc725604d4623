package dev.accounts.command.user;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands on an existing account. Each change is its own command and its own past-tense event;
 * the services in this package check who may send which before sending it.
 */
public final class AccountCommands {

    private AccountCommands() {
    }

    /**
     * A command on an existing account, which it names by {@link #userId()}: {@link AccountCommandTargets} routes it
     * by that, without Axon's reflective lookup of {@code @TargetAggregateIdentifier}, which says the same.
     */
    public sealed interface AccountCommand permits LoadAccount, RecordLogin, RecordFailedLogin, UpdateAccount,
            ChangePassword, DeactivateUser, ActivateUser, GrantStaff, RevokeStaff, GrantSuperuser, RevokeSuperuser {

        /** The account's id. */
        UUID userId();
    }

    /**
     * Read the account's state, password hash included, for a check made outside any transaction. Appends nothing.
     * With a {@code knownVersion} (the sequence number of the account's newest event, just read from the log), a
     * copy in memory that is older is refused ({@link StaleAccount}); without one, the account is read from the log.
     */
    public record LoadAccount(@TargetAggregateIdentifier UUID userId, Long knownVersion) implements AccountCommand {

        /** Reads the account from the log. */
        public LoadAccount(UUID userId) {
            this(userId, null);
        }
    }

    /**
     * A login with the right password, made at {@code at}; {@code verifiedHash} is the stored hash the password was
     * verified against, which must still be the account's; {@code upgradedHash} replaces a hash whose
     * parameters are older than the configured ones, or is null; {@code refreshTokenDigest}, when not null, is the
     * digest of the new session's refresh token, stored in the same transaction as the login's events.
     */
    public record RecordLogin(@TargetAggregateIdentifier UUID userId, Instant at, String verifiedHash,
                              String upgradedHash, String refreshTokenDigest) implements AccountCommand {

        @Override
        public String toString() {
            return "RecordLogin[userId=" + userId + ", at=" + at
                    + ", verifiedHash=<redacted>, upgradedHash=<redacted>, refreshTokenDigest=<redacted>]";
        }
    }

    /** A refused login made at {@code at}: a wrong password, or the right one for a deactivated account. */
    public record RecordFailedLogin(@TargetAggregateIdentifier UUID userId, Instant at, FailureReason reason)
            implements AccountCommand {
    }

    /** Why a login was refused, as {@code LoginFailed.reason} names it. */
    public enum FailureReason {
        WRONG_PASSWORD("wrong_password"), INACTIVE("inactive");

        private final String code;

        FailureReason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Change any of the profile fields; a null field stays as it is. Values arrive normalised (email trimmed
     * with its domain lowercased, username NFKC, names trimmed).
     */
    public record UpdateAccount(@TargetAggregateIdentifier UUID userId, String email, String username,
                                String firstName, String lastName) implements AccountCommand {
    }

    /** Set a new password; the hash is computed before any transaction opens. Revokes every refresh token. */
    public record ChangePassword(@TargetAggregateIdentifier UUID userId, String passwordHash)
            implements AccountCommand {

        @Override
        public String toString() {
            return "ChangePassword[userId=" + userId + ", passwordHash=<redacted>]";
        }
    }

    /** Deactivate the account: no more logins, every refresh token revoked. */
    public record DeactivateUser(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }

    /** Activate a deactivated account again. */
    public record ActivateUser(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }

    /** Make the account staff. */
    public record GrantStaff(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }

    /** Take staff status away. */
    public record RevokeStaff(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }

    /** Make the account a superuser. */
    public record GrantSuperuser(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }

    /** Take superuser status away; refused for the last active superuser. */
    public record RevokeSuperuser(@TargetAggregateIdentifier UUID userId) implements AccountCommand {
    }
}
