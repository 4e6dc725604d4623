package dev.accounts.command.user;

/**
 * A login refused for an unknown email, a wrong password or a deactivated account: one message for all, so
 * that the answer never tells whether an email is registered.
 */
public class InvalidCredentials extends RuntimeException {

    public static final String MESSAGE = "Please enter a correct email and password. Note that both fields may be case-sensitive.";

    public InvalidCredentials() {
        super(MESSAGE);
    }
}
