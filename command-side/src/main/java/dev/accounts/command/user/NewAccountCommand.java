package dev.accounts.command.user;

import java.util.UUID;

/** A command that opens an account. */
public sealed interface NewAccountCommand permits RegisterUser, CreateSuperuser {

    UUID userId();

    AccountDetails details();

    String passwordHash();
}
