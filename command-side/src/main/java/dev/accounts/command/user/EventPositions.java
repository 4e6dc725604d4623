package dev.accounts.command.user;

import dev.accounts.command.storage.PositionReportingStorageEngine;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Global positions of appended events; a reader that has reached this position has seen the account's events.
 * The command side's engine reports the positions of what it appends ({@link PositionReportingStorageEngine});
 * later, they are read back by aggregate.
 *
 * <p>With Axon Server as the event store (profile {@code axonserver}) an append returns no position and the JDBC
 * table is empty: the position given is the log's head once the events are committed, which is at or past them
 * (so a read with {@code X-Min-Position} may wait for a few newer events as well, never for fewer).
 */
@Component
public class EventPositions {

    private final JdbcClient jdbc;
    private final EventStore eventStore;
    private final boolean logInAxonServer;

    public EventPositions(JdbcClient jdbc, EventStore eventStore,
                          @Value("${axon.axonserver.enabled:false}") boolean logInAxonServer) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.logInAxonServer = logInAxonServer;
    }

    /**
     * Gives the position of an account's newest event for the unit of work that appends it, as soon as that is
     * final: in the transaction, just before the commit, for the JDBC log (as its engine reported the append, or
     * read back, the transaction seeing its own rows), so that nothing is left to read once the commit is through;
     * after the commit for Axon Server, whose head only then takes the events in (should Axon Server be gone by
     * then, the position stays -1 and Axon logs why).
     */
    public void whenAppended(UnitOfWork<?> unitOfWork, UUID userId, LongConsumer position) {
        if (logInAxonServer) {
            unitOfWork.afterCommit(committed -> position.accept(latestOf(userId)));
        } else {
            unitOfWork.onPrepareCommit(appended -> position.accept(appendedBy(unitOfWork, userId)));
        }
    }

    /**
     * The position of an account's newest event once a unit of work has appended it (in its prepare-commit phase,
     * after the event bus's own handler): as the engine reported the append, or else read back.
     */
    public long appendedBy(UnitOfWork<?> unitOfWork, UUID userId) {
        return PositionReportingStorageEngine.appendedPosition(unitOfWork).orElseGet(() -> latestOf(userId));
    }

    /** The position of the newest event of an account, or -1 when it has none. */
    public long latestOf(UUID userId) {
        if (logInAxonServer) {
            return eventStore.createHeadToken().position().orElse(-1);
        }
        Long position = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(userId.toString()).query(Long.class).optional().orElse(null);
        return position == null ? -1 : position;
    }
}
