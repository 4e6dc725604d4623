package dev.accounts.query.users;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far a processor has got in the log, read from its committed tokens: the watermark of everything
 * it has written, in this process or any other sharing the database.
 *
 * <p>Reads the token table directly rather than through {@code TokenStore.fetchToken}, which claims the
 * segment it reads (it is the processor's own call): a reader must never take a segment from, or
 * lock a row against, the processor that owns it.
 */
@Component
public class ProjectionProgress {

    private final JdbcClient jdbc;
    private final TokenSchema schema;
    private final Serializer serializer;

    public ProjectionProgress(JdbcClient jdbc, TokenSchema schema, Serializer serializer) {
        this.jdbc = jdbc;
        this.schema = schema;
        this.serializer = serializer;
    }

    /** One segment's committed token; {@code null} until the segment has processed anything. */
    public record SegmentToken(int segment, TrackingToken token) {
    }

    /** The processor's segments and their tokens; empty when it has never run. */
    public List<SegmentToken> tokens(String processor) {
        String sql = "SELECT " + String.join(", ", schema.segmentColumn(), schema.tokenColumn(),
                schema.tokenTypeColumn()) + " FROM " + schema.tokenTable()
                + " WHERE " + schema.processorNameColumn() + " = ? ORDER BY " + schema.segmentColumn();
        return jdbc.sql(sql).param(processor).query((row, rowNumber) -> {
            int segment = row.getInt(1);
            byte[] token = row.getBytes(2);
            TrackingToken tracking = token == null ? null
                    : new GenericTokenEntry<>(token, row.getString(3), null, null, processor, segment, byte[].class)
                    .getToken(serializer);
            return new SegmentToken(segment, tracking);
        }).list();
    }

    /** Whether every segment of the processor has applied the event at this global position. */
    public boolean hasApplied(String processor, long position) {
        List<SegmentToken> tokens = tokens(processor);
        return !tokens.isEmpty() && tokens.stream().allMatch(segment -> covers(segment.token(), position));
    }

    /**
     * Whether a token has passed a position. A gap-aware token may have passed positions it has not
     * seen (a transaction still open, or rolled back and never to be filled); only the position asked
     * about must not be one of them, so an unrelated gap never holds a reader up. During a replay the
     * lower bound counts: the rows are being rebuilt.
     */
    static boolean covers(TrackingToken token, long position) {
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(Long.MIN_VALUE) >= position;
    }
}
