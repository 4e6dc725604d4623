package dev.accounts.query.cli;

import dev.accounts.query.projections.ProjectionStatus;
import java.util.Optional;

/** What the replay command asks of the query side, in this process or over HTTP. */
interface ProjectionOperations extends AutoCloseable {

    /**
     * Starts a replay.
     *
     * @return where the projection stands as the replay begins; empty when a replay is already running
     * @throws ReplayFailed when the replay cannot start (another process claims a segment, say)
     */
    Optional<ProjectionStatus> replay(String projection);

    ProjectionStatus status(String projection);

    /** Where the replay runs, for the operator: "in this process", "by the query side at ...". */
    String where();

    @Override
    void close();
}
