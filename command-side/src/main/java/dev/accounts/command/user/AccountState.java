package dev.accounts.command.user;

import java.time.Instant;

/**
 * An account's state with its secrets, for checks this package makes outside a transaction; never leaves
 * the package, and its description never shows the hash.
 */
record AccountState(AccountSnapshot account, String passwordHash, Instant lockedUntil) {

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "AccountState[account=" + account + ", passwordHash=<redacted>, lockedUntil=" + lockedUntil + "]";
    }
}
