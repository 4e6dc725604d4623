package dev.accounts.command.web;

import java.util.regex.Pattern;

/** The shape of an Idempotency-Key header: 1 to 255 visible ASCII characters. */
final class IdempotencyKeyHeader {

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private IdempotencyKeyHeader() {
    }

    /** The key, or {@code null} when the header is absent. */
    static String check(String header) {
        if (header == null) {
            return null;
        }
        if (!VALID.matcher(header).matches()) {
            throw new InvalidHeader(UserController.IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters.");
        }
        return header;
    }
}
