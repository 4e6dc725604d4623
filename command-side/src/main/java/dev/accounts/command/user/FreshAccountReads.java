package dev.accounts.command.user;

import dev.accounts.command.user.AccountCommands.LoadAccount;
import dev.accounts.command.user.AccountCommands.RecordFailedLogin;
import dev.accounts.command.user.AccountCommands.RecordLogin;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Every command on an existing account reads it from the event log, not from the accounts kept in memory
 * ({@code userCache}), except the steps of a login. Another command side on the same database may have changed the
 * account since this one last used it, and a stale copy is not always caught by the log: a check that only reads
 * (may this caller act?) or a change that finds nothing to change (deactivating an account the copy shows inactive)
 * appends nothing for the log's unique key to refuse. The account read is kept in memory again for what follows.
 *
 * <p>A login keeps the copy: its email lookup reads the account's version in the log, its {@link LoadAccount}
 * carries that version (an older copy is refused, {@link StaleAccount}), and both of its outcomes append an event,
 * which a copy outdated since would place on a sequence number already used.
 */
@Component
class FreshAccountReads implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final Cache accountsInMemory;
    private final CommandTargetResolver targets;

    FreshAccountReads(@Qualifier("userCache") Cache accountsInMemory, AccountCommandTargets targets) {
        this.accountsInMemory = accountsInMemory;
        this.targets = targets;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object command = unitOfWork.getMessage().getPayload();
        boolean loginStep = command instanceof LoadAccount load && load.knownVersion() != null
                || command instanceof RecordLogin || command instanceof RecordFailedLogin;
        if (!loginStep && !(command instanceof NewAccountCommand)) {
            accountsInMemory.remove(targets.resolveTarget(unitOfWork.getMessage()).getIdentifier());
        }
        return chain.proceed();
    }
}
