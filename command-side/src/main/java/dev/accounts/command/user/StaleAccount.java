package dev.accounts.command.user;

/**
 * The copy of an account in memory is older than the log says it is: another command side appended to it since.
 * The unit of work rolls back, which drops the copy; the account is then read from the log.
 */
class StaleAccount extends RuntimeException {

    StaleAccount() {
        super("The account in memory is older than its events in the log", null, false, false);
    }
}
