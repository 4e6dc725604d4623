package dev.accounts.query.web;

import java.util.UUID;

/** No user with this id in the projection. */
class UserNotFound extends RuntimeException {

    UserNotFound(UUID id) {
        super("No user with id " + id + ".");
    }
}
