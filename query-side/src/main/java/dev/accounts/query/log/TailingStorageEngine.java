package dev.accounts.query.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC storage engine, reading each event's time once, and quickly, as a tracking processor streams
 * the log.
 *
 * <p>Axon's own entry parses the stored time text with a {@code DateTimeFormatter} each time it is asked, and
 * a tracked event is asked twice (by the engine, for gap handling, and by the processor, for the message),
 * in every processor thread: a fifth of a replay's time. Here the entry parses it once, with
 * {@link StoredTimes}. It also tells {@link RecentPositions} where each event it reads stands in the log. Everything else is Axon's {@code getTrackedEventData} as of 4.13: the same columns,
 * and the same gap rules (gaps are kept only for events newer than the gap timeout).
 */
public final class TailingStorageEngine extends JdbcEventStorageEngine {

    /** Axon's defaults, which this engine needs to know to compute tokens as Axon does. */
    public static final long LOWEST_GLOBAL_SEQUENCE = 1;
    public static final int MAX_GAP_OFFSET = 10_000;
    public static final int GAP_TIMEOUT_MILLIS = 60_000;

    private final EventSchema schema;
    private final RecentPositions positions;

    public TailingStorageEngine(Builder builder, EventSchema schema, RecentPositions positions) {
        super(builder.schema(schema).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
        this.schema = schema;
        this.positions = positions;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        positions.record(eventIdentifier, globalSequence);
        Entry event = new Entry(resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier,
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()), readPayload(resultSet, schema.metaDataColumn()));
        boolean allowGaps = event.getTimestamp().isAfter(
                GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                            .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, event);
    }

    /** Axon's entry, with its time parsed once. */
    private static final class Entry extends GenericDomainEventEntry<Object> {

        private final Object storedTime;
        private Instant time;

        Entry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
              Object storedTime, String payloadType, String payloadRevision, Object payload, Object metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, storedTime, payloadType,
                    payloadRevision, payload, metaData);
            this.storedTime = storedTime;
        }

        @Override
        public Instant getTimestamp() {
            Instant parsed = time;
            if (parsed == null) {
                parsed = storedTime instanceof String text ? StoredTimes.parse(text) : super.getTimestamp();
                time = parsed;
            }
            return parsed;
        }
    }
}
