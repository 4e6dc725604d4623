package dev.accounts.command.user;

import java.util.UUID;

/** No account has this id. */
public class UnknownAccount extends RuntimeException {

    public UnknownAccount(UUID id) {
        super("No user with id " + id + ".");
    }
}
