package dev.accounts.command.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.command.user.AccountSnapshot;
import dev.accounts.command.user.Registrations;
import java.util.UUID;

/** An account as the API shows it. Never carries a password or its hash. */
record UserView(
        @JsonProperty("id") UUID id,
        @JsonProperty("email") String email,
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("is_active") boolean active,
        @JsonProperty("is_staff") boolean staff,
        @JsonProperty("is_superuser") boolean superuser) {

    static UserView of(AccountSnapshot account) {
        return new UserView(account.id(), account.email(), account.username(), account.firstName(),
                account.lastName(), account.active(), account.staff(), account.superuser());
    }

    static UserView of(Registrations.Opened opened) {
        boolean superuser = opened.kind() == Registrations.Kind.SUPERUSER;
        return new UserView(opened.userId(), opened.details().email(), opened.details().username(),
                opened.details().firstName(), opened.details().lastName(), true, superuser, superuser);
    }
}
