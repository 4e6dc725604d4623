package dev.accounts.command.user;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Username rules, as Django's {@code UnicodeUsernameValidator} and {@code normalize_username}. */
public final class Username {

    /** The longest username accepted. */
    public static final int MAX_LENGTH = 150;

    private static final Pattern ALLOWED = Pattern.compile("^[\\w.@+-]+$", Pattern.UNICODE_CHARACTER_CLASS);

    private Username() {
    }

    /** Trims the username and applies Unicode NFKC, so look-alike compatibility forms become one name. */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    }

    /** Whether a normalised username uses only letters, digits and {@code @ . + - _}. */
    public static boolean hasAllowedCharacters(String username) {
        return ALLOWED.matcher(username).matches();
    }

    /** The uniqueness key: case-folded, so {@code Ada} and {@code ada} collide. */
    public static String uniquenessKey(String username) {
        return CaseFold.fold(username);
    }
}
