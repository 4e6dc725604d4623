package dev.accounts.command.user;

/** The change would leave no active superuser; nothing was stored. */
public class LastSuperuser extends RuntimeException {

    public LastSuperuser() {
        super("The last active superuser cannot be deactivated or lose superuser status.");
    }
}
