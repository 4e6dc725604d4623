package dev.accounts.command.user;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open an ordinary account. The password arrives already hashed: hashing happens before any transaction. */
public record RegisterUser(
        @TargetAggregateIdentifier UUID userId, AccountDetails details, String passwordHash) implements NewAccountCommand {

    @Override
    public String toString() {
        return "RegisterUser[userId=" + userId + ", details=" + details + ", passwordHash=<redacted>]";
    }
}
