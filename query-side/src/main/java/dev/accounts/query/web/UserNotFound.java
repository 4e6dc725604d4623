package dev.accounts.query.web;

import java.time.Instant;
import java.util.UUID;

/** No user with this id in the projection, or in the log at the time asked for. */
class UserNotFound extends RuntimeException {

    UserNotFound(UUID id) {
        super("No user with id " + id + ".");
    }

    UserNotFound(UUID id, Instant at) {
        super("No user with id " + id + " at " + at + ".");
    }
}
