package dev.accounts.eventstore;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that means "the database cannot be used right now" (down or restarting, refusing connections,
 * no pooled connection free within the pool's timeout, out of disk or connections) from every other failure,
 * wherever it surfaces: as Spring's exception, as Axon's wrapping of the driver's (the event store's
 * {@code EventStoreException}), or as the driver's own. The transaction such a failure ends is rolled back, so
 * a client may retry once the database is back; both sides answer it {@code 503} with {@code Retry-After}.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** Whether this failure, or any failure it was caused by, is the store being unavailable. */
    public static boolean unavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException // no connection to begin a transaction with
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    // Hikari's "connection is not available" timeout is an SQLTransientConnectionException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLState classes 08 (connection exception), 53 (insufficient resources: disk full, out of memory, too many
     * connections) and 57P (the server shutting down, crashed, or not accepting connections yet).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
    }
}
