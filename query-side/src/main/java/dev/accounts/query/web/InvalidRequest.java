package dev.accounts.query.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One or more query parameters or headers are malformed; {@code errors} names each and says why. */
class InvalidRequest extends RuntimeException {

    private final Map<String, List<String>> errors;

    InvalidRequest(Map<String, List<String>> errors) {
        super("Invalid request parameters: " + errors.keySet());
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    Map<String, List<String>> errors() {
        return errors;
    }
}
