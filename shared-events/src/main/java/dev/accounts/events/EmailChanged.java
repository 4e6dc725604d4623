package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account's email changed (normalised as at registration; unique case-insensitively over the whole address).
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","email":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "email"})
public record EmailChanged(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("email") String email) implements UserEvent {
}
