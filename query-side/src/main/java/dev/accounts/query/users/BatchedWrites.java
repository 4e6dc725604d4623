package dev.accounts.query.users;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a projection's handlers write: an event that a processor hands over in a batch has its statement
 * queued, and the batch's statements run as JDBC batches just before the batch commits, in its transaction,
 * with its token. A replay thus costs a few round trips per thousand events instead of several per event.
 *
 * <p>One event's statement, run on its own in a savepoint, is what a failing event needs: its handler fails,
 * Axon dead-letters that event alone, and the events after it are applied. A queued statement fails only
 * when the batch is flushed, where no single event can be blamed, so then the whole batch rolls back (token
 * included) and the event identifiers of the batch are remembered as suspect. The processor retries the
 * batch, and a suspect event's statement runs at once in a savepoint inside its handler: the one that fails
 * is dead-lettered as it would have been without batching, the others are applied.
 *
 * <p>Outside a processor batch (a dead letter being retried, a handler called directly) every statement runs
 * at once, in a savepoint.
 */
final class BatchedWrites {

    private static final Logger log = LoggerFactory.getLogger(BatchedWrites.class);
    /** Bounds the memory a long run of failing batches could take; a forgotten suspect only costs one retry. */
    private static final int MAX_SUSPECTS = 100_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;
    private final String resourceKey = BatchedWrites.class.getName() + "@" + System.identityHashCode(this);
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();

    BatchedWrites(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Writes what one event means to the table: now, or with the rest of its batch. */
    void write(String eventId, String sql, Object... args) {
        Batch batch = suspects.contains(eventId) ? null : currentBatch();
        if (batch == null) {
            savepoint.executeWithoutResult(status -> jdbc.update(sql, args));
            suspects.remove(eventId);
        } else {
            batch.add(eventId, sql, args);
        }
    }

    /** The statements of the processor batch being handled on this thread, or null outside one. */
    private Batch currentBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!(root instanceof BatchingUnitOfWork<?>)) {
            return null;
        }
        return root.getOrComputeResource(resourceKey, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(unitOfWork -> batch.flush());
            return batch;
        });
    }

    private record Statement(String sql, Object[] args) {
    }

    /**
     * Binds one statement's values by their Java types, which are all a projection writes: the JDBC driver
     * maps each (Spring's general binding costs as much as the rest of the write, per value).
     */
    private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (value instanceof String text) {
                statement.setString(i + 1, text);
            } else if (value instanceof Boolean flag) {
                statement.setBoolean(i + 1, flag);
            } else if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private final class Batch {

        private final List<String> eventIds = new ArrayList<>();
        private final List<Statement> statements = new ArrayList<>();

        void add(String eventId, String sql, Object[] args) {
            eventIds.add(eventId);
            statements.add(new Statement(sql, args));
        }

        /** Runs the statements in order, each run of equal statements as one JDBC batch. */
        void flush() {
            try {
                int start = 0;
                while (start < statements.size()) {
                    String sql = statements.get(start).sql();
                    List<Object[]> args = new ArrayList<>();
                    int end = start;
                    while (end < statements.size() && statements.get(end).sql().equals(sql)) {
                        args.add(statements.get(end++).args());
                    }
                    jdbc.batchUpdate(sql, args, args.size(), BatchedWrites::bind);
                    start = end;
                }
            } catch (DataAccessException e) {
                if (suspects.size() + eventIds.size() > MAX_SUSPECTS) {
                    suspects.clear();
                }
                suspects.addAll(eventIds);
                log.warn("A batch of {} events failed to apply as a whole and rolls back ({}); the processor retries "
                        + "it one event at a time, to find any event at fault", eventIds.size(),
                        NestedExceptionUtils.getMostSpecificCause(e).getClass().getSimpleName());
                throw e;
            }
        }
    }
}
