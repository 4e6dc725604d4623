package dev.accounts.query.users;

import java.time.Duration;

/** The projection did not reach the position a reader asked for within the wait allowed. */
public class ProjectionBehind extends RuntimeException {

    private final long position;

    public ProjectionBehind(String processor, long position, Duration waited) {
        super("The " + processor + " projection has not reached position " + position + " within "
                + waited.toMillis() + " ms.");
        this.position = position;
    }

    public long position() {
        return position;
    }
}
