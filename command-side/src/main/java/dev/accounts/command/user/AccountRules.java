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
    /** Django's {@code ProhibitNullCharactersValidator}, which every {@code CharField} has. */
    static final String NULL_CHARACTERS = "Null characters are not allowed.";
    static final String NOT_TEXT = "This value is not valid Unicode text.";

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
        nameFaults("first_name", details.firstName(), faults);
        nameFaults("last_name", details.lastName(), faults);
        return faults;
    }

    /**
     * What makes a value no text at all, whatever field it is for: a null character (which PostgreSQL cannot store,
     * and Django refuses in every {@code CharField}) or half of a surrogate pair. Empty when the value is text.
     */
    public static List<String> textFaults(String value) {
        if (value.indexOf('\0') >= 0) {
            return List.of(NULL_CHARACTERS);
        }
        if (value.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
            return List.of(NOT_TEXT);
        }
        return List.of();
    }

    private static void nameFaults(String field, String name, Map<String, List<String>> faults) {
        List<String> notText = textFaults(name);
        if (name.length() > MAX_NAME_LENGTH) {
            faults.put(field, List.of(tooLong(MAX_NAME_LENGTH, name)));
        } else if (!notText.isEmpty()) {
            faults.put(field, notText);
        }
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
