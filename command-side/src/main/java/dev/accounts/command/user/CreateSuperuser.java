package dev.accounts.command.user;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open an active staff superuser account, as an operator does with {@code createsuperuser}. */
public record CreateSuperuser(
        @TargetAggregateIdentifier UUID userId, AccountDetails details, String passwordHash)
        implements NewAccountCommand {

    @Override
    public String toString() {
        return "CreateSuperuser[userId=" + userId + ", details=" + details + ", passwordHash=<redacted>]";
    }
}
