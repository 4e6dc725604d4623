package dev.accounts.query.web;

import dev.accounts.query.users.UserSearch;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads query parameters and headers as text and collects every fault, so that one answer names all of
 * them. An empty parameter counts as absent, as in Django REST framework. Values lose surrounding white space
 * only ({@link String#strip}): a control character, a null byte say, makes a value invalid rather than vanishing.
 */
final class QueryParameters {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_SEARCH_TERMS = 10;

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    /** {@code true}, {@code false}, {@code 1} or {@code 0}, in any letter case; {@code null} when absent. */
    Boolean flag(String name, String value) {
        if (absent(value)) {
            return null;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> {
                return true;
            }
            case "false", "0" -> {
                return false;
            }
            default -> {
                fault(name, "Must be a valid boolean: true or false.");
                return null;
            }
        }
    }

    /** A whole number within bounds, or the default when absent. */
    int integer(String name, String value, int defaultValue, int min, int max) {
        if (absent(value)) {
            return defaultValue;
        }
        Optional<Long> number = wholeNumber(value.strip());
        if (number.isEmpty()) {
            fault(name, "A valid integer is required.");
        } else if (number.get() < min) {
            fault(name, "Ensure this value is greater than or equal to " + min + ".");
        } else if (number.get() > max) {
            fault(name, "Ensure this value is less than or equal to " + max + ".");
        } else {
            return number.get().intValue();
        }
        return defaultValue;
    }

    /** The search terms: words separated by spaces or commas, each of which must match. */
    List<String> searchTerms(String value) {
        if (absent(value)) {
            return List.of();
        }
        if (value.indexOf('\0') >= 0) {
            fault("search", "Null characters are not allowed.");
            return List.of();
        }
        List<String> terms = Arrays.stream(value.strip().split("[\\s,]+")).filter(term -> !term.isEmpty()).toList();
        if (terms.size() > MAX_SEARCH_TERMS) {
            fault("search", "Use at most " + MAX_SEARCH_TERMS + " search terms.");
            return List.of();
        }
        return terms;
    }

    /** Comma-separated fields, each optionally prefixed with {@code -} for descending order. */
    List<UserSearch.Order> ordering(String value) {
        if (absent(value)) {
            return List.of();
        }
        List<UserSearch.Order> ordering = new ArrayList<>();
        for (String key : value.split(",", -1)) {
            String trimmed = key.strip();
            boolean descending = trimmed.startsWith("-");
            String name = descending ? trimmed.substring(1) : trimmed;
            UserSearch.Field.named(name).ifPresentOrElse(field -> ordering.add(new UserSearch.Order(field, descending)),
                    () -> fault("ordering", "Unknown field '" + trimmed + "'. Order by "
                            + String.join(", ", UserSearch.Field.names()) + "; prefix - for descending."));
        }
        return ordering;
    }

    /** The {@code X-Min-Position} header: a global position, 0 or more; 0 when absent. */
    long minPosition(String header, String value) {
        return value == null ? 0
                : nonNegative(header, value, "Must be a non-negative integer: the X-Event-Position of a write.");
    }

    /** A log position ({@code global_index}), 0 or more; 0 (the start of the log) when absent. */
    long position(String name, String value) {
        return absent(value) ? 0 : nonNegative(name, value, "Must be a non-negative integer: a position of the log.");
    }

    private long nonNegative(String name, String value, String message) {
        Optional<Long> number = wholeNumber(value.strip());
        if (number.isEmpty() || number.get() < 0) {
            fault(name, message);
            return 0;
        }
        return number.get();
    }

    /** A UUID in its canonical 36-character form. */
    UUID uuid(String name, String value) {
        if (value != null && value.length() == 36) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException notAUuid) {
                // reported below
            }
        }
        fault(name, "Must be a valid UUID.");
        return null;
    }

    /** An ISO-8601 time with its offset ({@code 2026-11-24T10:00:00Z}, {@code ...+01:00}); null when absent. */
    Instant instant(String name, String value) {
        if (absent(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException notATime) {
            fault(name, "Must be an ISO-8601 time with a zone offset, such as 2026-11-24T10:00:00Z.");
            return null;
        }
    }

    /** @throws InvalidRequest naming every fault found so far */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
    }

    private void fault(String name, String message) {
        errors.computeIfAbsent(name, key -> new ArrayList<>()).add(message);
    }

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    /** ASCII digits with an optional minus sign, up to 18 of them so that any fits a long. */
    private static Optional<Long> wholeNumber(String value) {
        return value.matches("-?[0-9]{1,18}") ? Optional.of(Long.parseLong(value)) : Optional.empty();
    }
}
