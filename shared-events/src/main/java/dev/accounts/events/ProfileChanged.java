package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account's first and last name changed; both carry their new values (empty strings, never null).
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","first_name":"…","last_name":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "first_name", "last_name"})
public record ProfileChanged(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) implements UserEvent {
}
