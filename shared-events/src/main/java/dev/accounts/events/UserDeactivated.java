package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * The account was deactivated ({@code is_active} false): it cannot log in, and its refresh tokens were revoked.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id"})
public record UserDeactivated(
        @JsonProperty("user_id") UUID userId) implements UserEvent {
}
