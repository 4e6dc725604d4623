package dev.accounts.command.user;

/** The caller may not do this to that account; nothing was stored. */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
