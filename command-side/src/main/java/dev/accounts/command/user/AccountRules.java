package dev.accounts.command.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule an account's details must meet, with Django's messages. The edge runs it to report all
 * faults at once; the aggregate runs it again so that no command can bypass it.
 */
public final class AccountRules {

    /** The longest first or last name accepted. */
    public static final int MAX_NAME_LENGTH = 150;

    public static final String REQUIRED = "This field is required.";
    static final String INVALID_EMAIL = "Enter a valid email address.";
    static final String INVALID_USERNAME =
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";

    private AccountRules() {
    }

    /** The faults of normalised details, by field name ({@code email}, {@code username}, ...); empty when valid. */
    public static Map<String, List<String>> faults(AccountDetails details) {
        Map<String, List<String>> faults = new LinkedHashMap<>();
        String email = details.email();
        if (email == null || email.isEmpty()) {
            faults.put("email", List.of(REQUIRED));
        } else if (email.length() > EmailAddress.MAX_LENGTH) {
            faults.put("email", List.of(tooLong(EmailAddress.MAX_LENGTH, email)));
        } else if (!EmailAddress.isValid(email)) {
            faults.put("email", List.of(INVALID_EMAIL));
        }
        String username = details.username();
        if (username == null || username.isEmpty()) {
            faults.put("username", List.of(REQUIRED));
        } else if (username.length() > Username.MAX_LENGTH) {
            faults.put("username", List.of(tooLong(Username.MAX_LENGTH, username)));
        } else if (!Username.hasAllowedCharacters(username)) {
            faults.put("username", List.of(INVALID_USERNAME));
        }
        if (details.firstName().length() > MAX_NAME_LENGTH) {
            faults.put("first_name", List.of(tooLong(MAX_NAME_LENGTH, details.firstName())));
        }
        if (details.lastName().length() > MAX_NAME_LENGTH) {
            faults.put("last_name", List.of(tooLong(MAX_NAME_LENGTH, details.lastName())));
        }
        return faults;
    }

    /** Throws {@link InvalidAccount} when the normalised details break any rule. */
    public static void check(AccountDetails details) {
        Map<String, List<String>> faults = faults(details);
        if (!faults.isEmpty()) {
            throw new InvalidAccount(faults);
        }
    }

    private static String tooLong(int limit, String value) {
        return "Ensure this value has at most %d characters (it has %d).".formatted(limit, value.length());
    }
}
