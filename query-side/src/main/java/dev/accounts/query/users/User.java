package dev.accounts.query.users;

import java.time.Instant;
import java.util.UUID;

/** One row of the users projection: an account as readers see it. Never holds a password or its hash. */
public record User(UUID id, String email, String username, String firstName, String lastName,
                   boolean active, boolean staff, boolean superuser, Instant dateJoined, Instant lastLogin) {
}
