package dev.accounts.command.auth;

/** A refresh token that is unknown, expired, spent or revoked. */
public class InvalidRefreshToken extends RuntimeException {

    public InvalidRefreshToken() {
        super("The refresh token is invalid, expired or revoked. Log in again.");
    }
}
