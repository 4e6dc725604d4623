package dev.accounts.command.user;

/**
 * What a person gives to open an account, before or after normalisation. Names are never null: an
 * absent name is an empty string, as Django stores it.
 */
public record AccountDetails(String email, String username, String firstName, String lastName) {

    public AccountDetails {
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    /** The same details, normalised: email trimmed with its domain lowercased, username NFKC, names trimmed. */
    public AccountDetails normalized() {
        return new AccountDetails(
                email == null ? null : EmailAddress.normalize(email),
                username == null ? null : Username.normalize(username),
                firstName.strip(),
                lastName.strip());
    }
}
