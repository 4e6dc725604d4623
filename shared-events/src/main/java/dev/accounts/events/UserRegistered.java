package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * A person signed up. The account is active and neither staff nor superuser.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","email":"…","username":"…","first_name":"…","last_name":"…"}</pre>
 * {@code email} is normalised (trimmed, domain lowercased); {@code first_name} and {@code last_name}
 * are empty strings when not given, never null.
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "email", "username", "first_name", "last_name"})
public record UserRegistered(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("email") String email,
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) implements UserEvent {
}
