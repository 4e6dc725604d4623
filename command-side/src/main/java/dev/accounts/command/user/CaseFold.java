package dev.accounts.command.user;

import java.util.Locale;

/** Locale-independent case folding for uniqueness keys. */
final class CaseFold {

    private CaseFold() {
    }

    /**
     * Upper- then lower-casing folds more pairs than lower-casing alone (for example {@code ß} and {@code SS});
     * lower-casing first folds the capital {@code ẞ} too, which upper-casing keeps but whose small {@code ß} becomes
     * {@code SS}.
     */
    static String fold(String value) {
        return value.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
