package dev.accounts.command.user;

import java.time.Duration;

/** Logins to the account are refused for now, after too many wrong passwords; nothing was stored. */
public class AccountLockedOut extends RuntimeException {

    private final transient Duration retryAfter;

    public AccountLockedOut(Duration retryAfter) {
        super("Too many failed login attempts. Try again later.");
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** How long until a login may succeed again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
