package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * An operator created a superuser: an active account with {@code is_staff} and {@code is_superuser}
 * set.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","email":"…","username":"…","first_name":"…","last_name":"…"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "email", "username", "first_name", "last_name"})
public record SuperuserCreated(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("email") String email,
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) implements UserEvent {
}
