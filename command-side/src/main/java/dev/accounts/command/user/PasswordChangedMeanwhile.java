package dev.accounts.command.user;

/**
 * A login's password was verified against a hash that is no longer the account's: the password changed between
 * the check and the recording of the login. Nothing was stored; the login is answered 503, to be retried.
 */
public class PasswordChangedMeanwhile extends RuntimeException {

    public PasswordChangedMeanwhile() {
        super("The account's password changed while the login was being checked", null, false, false);
    }
}
