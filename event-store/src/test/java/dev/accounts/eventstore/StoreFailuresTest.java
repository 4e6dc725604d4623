package dev.accounts.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean the store is unavailable for now, however deep the driver's exception lies. */
class StoreFailuresTest {

    /** What Hikari throws when no connection comes within its connection timeout (database down, pool exhausted). */
    private static final SQLTransientConnectionException POOL_TIMEOUT =
            new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2000ms");

    @Test
    void aTransactionThatCouldNotBeginIsUnavailability() {
        assertThat(StoreFailures.unavailable(
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction", POOL_TIMEOUT))).isTrue();
    }

    @Test
    void springsTranslationsOfALostConnectionAreUnavailability() {
        assertThat(StoreFailures.unavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                POOL_TIMEOUT))).isTrue();
        assertThat(StoreFailures.unavailable(new DataAccessResourceFailureException("terminating connection"))).isTrue();
    }

    @Test
    void theDriversExceptionWrappedByAxonIsFoundByItsSqlState() {
        SQLException shutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        SQLException ioError = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        SQLException diskFull = new SQLException("could not extend file: No space left on device", "53100");
        for (SQLException cause : new SQLException[] {shutdown, ioError, diskFull}) {
            assertThat(StoreFailures.unavailable(new EventStoreException("An event could not be persisted", cause)))
                    .as(cause.getSQLState()).isTrue();
        }
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(StoreFailures.unavailable(new DuplicateKeyException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(StoreFailures.unavailable(new EventStoreException("An event could not be persisted",
                new SQLException("syntax error", "42601")))).isFalse();
        assertThat(StoreFailures.unavailable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aCauseCycleEnds() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        assertThat(StoreFailures.unavailable(first)).isFalse();
    }
}
