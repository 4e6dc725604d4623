package dev.accounts.command.user;

import java.util.List;

/** The email or username (or both) already belong to another account; nothing was stored. */
public class AlreadyTaken extends RuntimeException {

    private final List<String> fields;

    public AlreadyTaken(List<String> fields) {
        super("Already taken: " + String.join(", ", fields));
        this.fields = List.copyOf(fields);
    }

    /** The taken fields, {@code email} before {@code username}. */
    public List<String> fields() {
        return fields;
    }
}
