package dev.accounts.command.user;

import java.util.UUID;

/**
 * Ends every session (refresh token) of an account, inside the caller's transaction, so that the revocation
 * commits with the event that asked for it: a password change or a deactivation.
 */
public interface SessionRevocation {

    void revokeAll(UUID userId);
}
