package dev.accounts.command.user;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Account details that break a rule; nothing was stored. */
public class InvalidAccount extends RuntimeException {

    private final transient Map<String, List<String>> faults;

    public InvalidAccount(Map<String, List<String>> faults) {
        super("Invalid account details: " + String.join(", ", faults.keySet()));
        this.faults = Collections.unmodifiableMap(new LinkedHashMap<>(faults));
    }

    /** The messages by field name, in the order of the form's fields. */
    public Map<String, List<String>> faults() {
        return faults;
    }
}
