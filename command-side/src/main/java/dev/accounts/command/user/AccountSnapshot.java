package dev.accounts.command.user;

import java.util.UUID;

/** What an account looks like now, as the API may show it: never a password or its hash. */
public record AccountSnapshot(UUID id, String email, String username, String firstName, String lastName,
                              boolean active, boolean staff, boolean superuser) {
}
