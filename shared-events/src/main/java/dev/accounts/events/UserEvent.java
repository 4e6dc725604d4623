package dev.accounts.events;

import java.util.UUID;

/** A public event about one user account. Event time, id and actor travel in message metadata. */
public sealed interface UserEvent permits UserRegistered, SuperuserCreated, UserLoggedIn, LoginFailed, AccountLocked,
        ProfileChanged, EmailChanged, UsernameChanged, PasswordChanged, UserDeactivated, UserActivated,
        StaffGranted, StaffRevoked, SuperuserGranted, SuperuserRevoked {

    /** The account the event is about. */
    UUID userId();
}
