package dev.accounts.events;

import java.util.UUID;

/** A public event about one user account. Event time, id and actor travel in message metadata. */
public sealed interface UserEvent permits UserRegistered, SuperuserCreated {

    /** The account the event is about. */
    UUID userId();
}
