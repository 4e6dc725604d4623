package dev.accounts.query.projections;

/** A replay that cannot start now, and why; the projection is left as it was. */
public class ReplayRefused extends RuntimeException {

    /** Why a replay was refused. */
    public enum Reason {
        /** A replay of this projection is already running; it can be followed, not restarted. */
        IN_PROGRESS,
        /** Another process claims segments of the projection, and a reset must hold every segment. */
        SEGMENTS_CLAIMED
    }

    private final Reason reason;
    private final transient ProjectionStatus status;

    ReplayRefused(Reason reason, String message, ProjectionStatus status) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** Where the projection stands. */
    public ProjectionStatus status() {
        return status;
    }
}
