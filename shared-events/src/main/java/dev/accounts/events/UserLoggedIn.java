package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * A person logged in with the right password: the read model's {@code last_login} is this event's time.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id"})
public record UserLoggedIn(
        @JsonProperty("user_id") UUID userId) implements UserEvent {
}
