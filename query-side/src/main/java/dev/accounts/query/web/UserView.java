package dev.accounts.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.query.users.User;
import java.time.Instant;
import java.util.UUID;

/** A user as the read API shows it, in the list and alone. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record UserView(
        @JsonProperty("id") UUID id,
        @JsonProperty("email") String email,
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("is_active") boolean active,
        @JsonProperty("is_staff") boolean staff,
        @JsonProperty("is_superuser") boolean superuser,
        @JsonProperty("date_joined") Instant dateJoined,
        @JsonProperty("last_login") Instant lastLogin) {

    static UserView of(User user) {
        return new UserView(user.id(), user.email(), user.username(), user.firstName(), user.lastName(),
                user.active(), user.staff(), user.superuser(), user.dateJoined(), user.lastLogin());
    }
}
