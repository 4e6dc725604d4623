package dev.accounts.command.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.events.EventRevision;
import java.util.UUID;

/**
 * Internal event: the account's password hash. Command-side state only; not part of the public
 * contract, never served by any API or feed, never logged.
 */
@EventRevision("1")
public record PasswordSet(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("password_hash") String passwordHash) {

    @Override
    public String toString() {
        return "PasswordSet[userId=" + userId + ", passwordHash=<redacted>]";
    }
}
