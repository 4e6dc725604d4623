package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account's password changed. The new hash is command-side state and never part of this contract;
 * every refresh token of the account was revoked with the change.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id"})
public record PasswordChanged(
        @JsonProperty("user_id") UUID userId) implements UserEvent {
}
