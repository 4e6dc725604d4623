package dev.accounts.command.user;

import dev.accounts.command.user.AccountCommands.LoadAccount;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A {@link LoadAccount} without a known version reads the account from the event log, never from the accounts kept
 * in memory ({@code userCache}): what it answers decides whether a caller may act, and another command side on the
 * same database may have changed the account since this one last used it (revoked a superuser, say), which no later
 * append of this command side would reveal. The account it reads is kept in memory again. (A login knows the
 * account's version from its email lookup, so the account's handler can tell a stale copy itself.)
 */
@Component
class FreshAccountReads implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final Cache accountsInMemory;

    FreshAccountReads(@Qualifier("userCache") Cache accountsInMemory) {
        this.accountsInMemory = accountsInMemory;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof LoadAccount load && load.knownVersion() == null) {
            accountsInMemory.remove(load.userId().toString());
        }
        return chain.proceed();
    }
}
