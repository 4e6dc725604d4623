package dev.accounts.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises a unique-key violation by its SQLState, {@code 23505}, on PostgreSQL and H2 alike.
 *
 * <p>Axon's own resolver looks for {@code SQLIntegrityConstraintViolationException}, which neither
 * driver throws, so a duplicate append would surface as a generic storage error instead of the
 * {@code ConcurrencyException} that two writers of one aggregate must see.
 */
class UniqueViolationResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
