package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account's username changed (NFKC; unique case-insensitively).
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","username":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "username"})
public record UsernameChanged(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("username") String username) implements UserEvent {
}
