package dev.accounts.command.user;

import java.util.UUID;

/**
 * What a command that opens an account answers its sender: the account, and the log position of its last event,
 * read inside the command's own transaction just before it commits ({@link OpeningPositions}). Once the commit is
 * through, the sender has nothing left to read, so a database that goes away at that moment cannot turn an account
 * already stored into an error that says nothing was. (With Axon Server as the log the position is read just after
 * the commit instead, and stays -1 should that fail.)
 */
public final class AccountOpening {

    private final UUID userId;
    private volatile long position = -1;

    AccountOpening(UUID userId) {
        this.userId = userId;
    }

    public UUID userId() {
        return userId;
    }

    /** The global position of the account's last event: a reader that has reached it sees the account. */
    public long position() {
        return position;
    }

    void at(long position) {
        this.position = position;
    }
}
