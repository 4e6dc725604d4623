package dev.accounts.command.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /api/users}. Rules are checked by the registration flow, with Django's messages. */
record RegistrationRequest(
        @JsonProperty("email") String email,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) {

    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + ", username=" + username + ", password=<redacted>]";
    }
}
