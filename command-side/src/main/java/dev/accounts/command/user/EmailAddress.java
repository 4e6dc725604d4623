package dev.accounts.command.user;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email normalisation and syntax, as Django's {@code normalize_email} and {@code EmailValidator} do
 * them, plus the key that makes an address unique case-insensitively over the whole address.
 */
public final class EmailAddress {

    /** The longest address accepted (RFC 5321's path limit, less the angle brackets). */
    public static final int MAX_LENGTH = 254;

    private static final Pattern USER_PART = Pattern.compile(
            "^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$"
                    + "|^\"([\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F!#-\\[\\]-\\x7F]|\\\\[\\x01-\\x09\\x0B\\x0C\\x0E-\\x7F])*\"$",
            Pattern.CASE_INSENSITIVE);

    /** Django's non-ASCII range, less the surrogates: in Java half a pair is a char of its own, and no character. */
    private static final String UL = "\\u00a1-\\ud7ff\\ue000-\\uffff";
    private static final Pattern DOMAIN_PART = Pattern.compile(
            "^[a-z" + UL + "0-9](?:[a-z" + UL + "0-9-]{0,61}[a-z" + UL + "0-9])?"
                    + "(?:\\.(?!-)[a-z" + UL + "0-9-]{1,63}(?<!-))*"
                    + "\\.(?!-)(?:[a-z" + UL + "-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?$",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern IP_LITERAL = Pattern.compile(
            "^\\[(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)]$");

    private EmailAddress() {
    }

    /** Trims the address and lowercases its domain part, as Django's {@code normalize_email}. */
    public static String normalize(String raw) {
        String email = raw.strip();
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return email;
        }
        return email.substring(0, at) + "@" + email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised address has valid syntax. */
    public static boolean isValid(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.length() > MAX_LENGTH) {
            return false;
        }
        String user = email.substring(0, at);
        String domain = email.substring(at + 1);
        return USER_PART.matcher(user).matches()
                && ("localhost".equals(domain) || DOMAIN_PART.matcher(domain).matches()
                        || IP_LITERAL.matcher(domain).matches());
    }

    /** The uniqueness key: the whole address, case-folded, so {@code Ada@X.org} and {@code ada@x.org} collide. */
    public static String uniquenessKey(String email) {
        return CaseFold.fold(email);
    }
}
