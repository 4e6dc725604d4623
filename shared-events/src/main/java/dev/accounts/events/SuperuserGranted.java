package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account became a superuser ({@code is_superuser}); staff status is an event of its own.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id"})
public record SuperuserGranted(
        @JsonProperty("user_id") UUID userId) implements UserEvent {
}
