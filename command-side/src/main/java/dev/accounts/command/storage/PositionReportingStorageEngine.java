package dev.accounts.command.storage;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC storage engine, except that an append hands back the log positions the database gave its events:
 * the same batch of inserts as Axon's, with the generated {@code global_index} values returned, kept in the
 * unit of work for {@link #appendedPosition}. A command that answers with its events' position then needs no
 * query after the append (a round trip to the database, and a tenth of a registration's cost, was one).
 */
public final class PositionReportingStorageEngine extends JdbcEventStorageEngine {

    private static final String APPENDED = PositionReportingStorageEngine.class.getName() + ".appended";

    private final TransactionManager transactions;
    private final String insert;

    public PositionReportingStorageEngine(Builder builder, EventSchema schema, TransactionManager transactions) {
        super(builder.schema(schema).transactionManager(transactions));
        this.transactions = transactions;
        this.insert = "INSERT INTO " + schema.domainEventTable() + " (" + String.join(", ",
                schema.eventIdentifierColumn(), schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(),
                schema.typeColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn())
                + ") VALUES (?,?,?,?,?,?,?,?,?)";
    }

    /**
     * The position of the newest event appended in this unit of work (or the unit it is nested in), once its
     * events are appended; empty before, or when the database gave no keys back.
     */
    public static OptionalLong appendedPosition(UnitOfWork<?> unitOfWork) {
        Long position = unitOfWork.root().getResource(APPENDED);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            Connection connection = getConnection();
            try (PreparedStatement statement = connection.prepareStatement(insert, new String[] {schema().globalIndexColumn()})) {
                for (EventMessage<?> message : events) {
                    addRow(statement, EventUtils.asDomainEventMessage(message), serializer);
                }
                statement.executeBatch();
                long newest = Long.MIN_VALUE;
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    while (keys.next()) {
                        newest = Math.max(newest, keys.getLong(1));
                    }
                }
                if (newest != Long.MIN_VALUE && CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().root().resources().put(APPENDED, newest);
                }
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                closeQuietly(connection);
            }
        });
    }

    /** One event's row, as Axon's own append writes it (payload and metadata as bytes). */
    private void addRow(PreparedStatement statement, DomainEventMessage<?> event, Serializer serializer)
            throws SQLException {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        statement.setString(1, event.getIdentifier());
        statement.setString(2, event.getAggregateIdentifier());
        statement.setLong(3, event.getSequenceNumber());
        statement.setString(4, event.getType());
        writeTimestamp(statement, 5, event.getTimestamp());
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setBytes(8, payload.getData());
        statement.setBytes(9, metaData.getData());
        statement.addBatch();
    }
}
