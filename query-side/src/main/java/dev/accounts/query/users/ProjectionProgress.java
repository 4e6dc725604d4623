package dev.accounts.query.users;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far a processor has got in the log: the watermark of everything it has written, in this process or
 * any other sharing the database.
 *
 * <p>Two sources, per segment. The committed token is the truth across processes (rows and token commit
 * together), and is read straight from the token table: {@code TokenStore.fetchToken} would claim the
 * segment it reads, taking it from (or locking it against) the processor that owns it. But a segment
 * stores its token late after events it does not handle (an internal event, another segment's user):
 * Axon's tracking processor waits up to its event-availability timeout, 1 s, for an event it can handle
 * first. So for the segments this process owns, the processor's in-memory status counts too; it moves on
 * past an ignored event at once, and past a handled one only after the transaction has committed.
 */
@Component
public class ProjectionProgress {

    private final JdbcClient jdbc;
    private final TokenSchema schema;
    private final Serializer serializer;
    private final Function<String, Map<Integer, TrackingToken>> ownSegments;

    @Autowired
    public ProjectionProgress(JdbcClient jdbc, TokenSchema schema, Serializer serializer,
                              EventProcessingConfiguration processing) {
        this(jdbc, schema, serializer, processor -> processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(running -> tokensOf(running.processingStatus())).orElse(Map.of()));
    }

    /** @param ownSegments where the segments this process is running stand, by segment id */
    ProjectionProgress(JdbcClient jdbc, TokenSchema schema, Serializer serializer,
                       Function<String, Map<Integer, TrackingToken>> ownSegments) {
        this.jdbc = jdbc;
        this.schema = schema;
        this.serializer = serializer;
        this.ownSegments = ownSegments;
    }

    /**
     * One segment's committed token, {@code null} until the segment has processed anything, and the process
     * that claims it ({@code null} when none does).
     */
    public record SegmentToken(int segment, TrackingToken token, String owner) {
    }

    /** The processor's segments and their committed tokens; empty when it has never run. */
    public List<SegmentToken> tokens(String processor) {
        String sql = "SELECT " + String.join(", ", schema.segmentColumn(), schema.tokenColumn(),
                schema.tokenTypeColumn(), schema.ownerColumn()) + " FROM " + schema.tokenTable()
                + " WHERE " + schema.processorNameColumn() + " = ? ORDER BY " + schema.segmentColumn();
        return jdbc.sql(sql).param(processor).query((row, rowNumber) -> {
            int segment = row.getInt(1);
            byte[] token = row.getBytes(2);
            TrackingToken tracking = token == null ? null
                    : new GenericTokenEntry<>(token, row.getString(3), null, null, processor, segment, byte[].class)
                    .getToken(serializer);
            return new SegmentToken(segment, tracking, row.getString(4));
        }).list();
    }

    /**
     * Where each segment stands now: its committed token, or for a segment this process runs, the
     * processor's own token, which is never behind the committed one.
     */
    public List<SegmentToken> current(String processor) {
        Map<Integer, TrackingToken> running = ownSegments.apply(processor);
        return tokens(processor).stream().map(committed -> running.containsKey(committed.segment())
                ? new SegmentToken(committed.segment(), running.get(committed.segment()), committed.owner())
                : committed).toList();
    }

    /** Whether every segment of the processor has applied the event at this global position. */
    public boolean hasApplied(String processor, long position) {
        List<SegmentToken> committed = tokens(processor);
        Map<Integer, TrackingToken> running = ownSegments.apply(processor);
        return !committed.isEmpty() && committed.stream().allMatch(segment ->
                covers(segment.token(), position) || covers(running.get(segment.segment()), position));
    }

    /**
     * Whether a token has passed a position. A gap-aware token may have passed positions it has not
     * seen (a transaction still open, or rolled back and never to be filled); only the position asked
     * about must not be one of them, so an unrelated gap never holds a reader up. During a replay the
     * lower bound counts: the rows are being rebuilt.
     */
    static boolean covers(TrackingToken token, long position) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(Long.MIN_VALUE) >= position;
    }

    /**
     * The tokens of the segments a processor runs, as it holds them. A tracker status hands out its token with any
     * replay unwrapped, which would make a replay this process runs look finished as soon as it had begun; the
     * tracking processor's own status keeps the whole token.
     */
    static Map<Integer, TrackingToken> tokensOf(Map<Integer, EventTrackerStatus> statuses) {
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        for (Map.Entry<Integer, EventTrackerStatus> status : statuses.entrySet()) {
            TrackingToken token = status.getValue() instanceof TrackerStatus tracker
                    ? tracker.getInternalTrackingToken() : status.getValue().getTrackingToken();
            if (WrappedToken.unwrapLowerBound(token) != null && !status.getValue().isErrorState()) {
                tokens.put(status.getKey(), token);
            }
        }
        return tokens;
    }
}
