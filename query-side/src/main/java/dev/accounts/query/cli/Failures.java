package dev.accounts.query.cli;

import java.sql.SQLException;
import org.springframework.core.NestedExceptionUtils;

/** What went wrong, as the one line an operator's command prints. */
final class Failures {

    private Failures() {
    }

    /** The database's own words where it is at fault, else the innermost cause's. */
    static String oneLine(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        Throwable clearest = cause != null ? cause : NestedExceptionUtils.getMostSpecificCause(failure);
        String message = clearest.getMessage();
        return message == null || message.isBlank()
                ? clearest.getClass().getSimpleName() : message.strip().lines().findFirst().orElse(message);
    }
}
