package dev.accounts.command.user;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Answers a command that opens an account with an {@link AccountOpening} instead of the bare id: its events' log
 * position is read in the command's transaction, after they are appended and before the commit (with Axon Server
 * as the log, just after the commit: {@link EventPositions#whenAppended}).
 */
@Component
class OpeningPositions implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final EventPositions positions;

    OpeningPositions(EventPositions positions) {
        this.positions = positions;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork.getMessage().getPayload() instanceof NewAccountCommand account)) {
            return chain.proceed();
        }
        chain.proceed();
        AccountOpening opening = new AccountOpening(account.userId());
        // registered after the handler, so it runs after the event bus has appended the events
        positions.whenAppended(unitOfWork, account.userId(), opening::at);
        return opening;
    }
}
