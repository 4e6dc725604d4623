package dev.accounts.query.projections;

import java.util.List;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * Where a projection stands in the event log.
 *
 * @param name            the projection, which is also its processing group and processor
 * @param position        the log position every segment has reached (0 before any)
 * @param head            the position of the newest event in the log (0 when it is empty)
 * @param replaying       whether a replay is rebuilding it: some segment has not yet re-applied every event that
 *                        was in the log when the replay began, or the indexes it dropped are not all built again
 * @param eventsPerSecond how fast {@code position} has moved over the last few seconds
 * @param deadLetters     events a handler failed on, waiting in the dead-letter queue to be retried
 * @param segments        each segment's own position and replay state, and the process that claims it
 */
public record ProjectionStatus(String name, long position, long head, boolean replaying, double eventsPerSecond,
                               long deadLetters, List<Segment> segments) {

    public ProjectionStatus {
        segments = List.copyOf(segments);
    }

    /** @param owner the process that claims the segment ({@code pid@host}), or {@code null} when none does */
    public record Segment(int segment, long position, boolean replaying, String owner) {
    }

    /** How many events the projection is behind the log. */
    public long lag() {
        return Math.max(0, head - position);
    }

    /** Whether no replay is running and every segment has passed {@code target}, the head when a replay began. */
    public boolean caughtUpWith(long target) {
        return !replaying && position >= target;
    }

    /** The position a token has reached: the replay's own during a replay, 0 before any event. */
    static long positionOf(TrackingToken token) {
        TrackingToken reached = token == null ? null : WrappedToken.unwrapLowerBound(token);
        return reached == null ? 0 : reached.position().orElse(0);
    }

    /**
     * Whether a token is still replaying events the log held when the replay began. Axon's own flag stays set
     * until the first event <em>after</em> those arrives, which may be never; a progress report must end sooner.
     */
    static boolean replaying(TrackingToken token) {
        return WrappedToken.unwrap(token, ReplayToken.class)
                .map(replay -> positionOf(replay.getCurrentToken()) < positionOf(replay.getTokenAtReset()))
                .orElse(false);
    }
}
