package dev.accounts.command.user;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Username rules, as Django's {@code UnicodeUsernameValidator} and {@code normalize_username}. */
public final class Username {

    /** The longest username accepted. */
    public static final int MAX_LENGTH = 150;

    /**
     * The letters and marks that show nothing (Unicode's default-ignorable code points among them): variation
     * selectors, the combining grapheme joiner, Hangul fillers.
     */
    private static final String INVISIBLE = "\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u3164\\uFE00-\\uFE0F\\uFFA0"
            + "\\x{E0100}-\\x{E01EF}";
    /**
     * Letters (with the combining marks many scripts write them with), digits and {@code @ . + - _}, none of them
     * invisible. Not Java's Unicode {@code \w}, which also admits the joiners U+200C and U+200D and all connector
     * punctuation: {@code ada} and {@code ada} with an invisible character inside would look alike and be two accounts.
     */
    private static final Pattern ALLOWED = Pattern.compile("^[[\\p{L}\\p{M}\\p{Nd}\\p{Nl}_.@+-]&&[^" + INVISIBLE + "]]+$");

    private Username() {
    }

    /**
     * Applies Unicode NFKC, so look-alike compatibility forms become one name, and trims the result: NFKC turns the
     * no-break spaces, which {@link String#strip} keeps, into plain ones.
     */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
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
