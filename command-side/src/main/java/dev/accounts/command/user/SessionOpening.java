package dev.accounts.command.user;

import java.util.UUID;

/**
 * Opens a session (stores a new refresh token, first of its family) inside the caller's transaction, so that a
 * login's {@code UserLoggedIn} and its session commit together or not at all, in one transaction.
 */
public interface SessionOpening {

    /**
     * @param tokenDigest the SHA-256 of the new refresh token (the token itself is never stored)
     */
    void open(UUID userId, String tokenDigest);
}
