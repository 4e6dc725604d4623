package dev.accounts.command.user;

import dev.accounts.command.user.AccountCommands.AccountCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Which account a command is for: an {@link AccountCommand} says it with {@code userId()}; any other command is
 * resolved from its annotations, as Axon does by default. Axon's annotation lookup walks the command's fields and
 * methods for {@code @TargetAggregateIdentifier} and {@code @TargetAggregateVersion} on every command, and was
 * 5 % of the login pipeline's CPU samples (a login sends two commands); no account command names a version.
 */
@Component(AccountCommandTargets.BEAN)
class AccountCommandTargets implements CommandTargetResolver {

    /** The bean's name, as {@link User}'s {@code @Aggregate} refers to it. */
    static final String BEAN = "accountCommandTargets";

    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof AccountCommand account) {
            return new VersionedAggregateIdentifier((Object) account.userId(), null);
        }
        return annotations.resolveTarget(command);
    }
}
