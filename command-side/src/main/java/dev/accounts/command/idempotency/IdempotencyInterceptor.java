package dev.accounts.command.idempotency;

import dev.accounts.command.user.EventPositions;
import dev.accounts.command.user.NewAccountCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Records a command's Idempotency-Key in the command's own transaction, so the key, the claims and the
 * events commit together: a retry finds either all of them or none.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Metadata key of the client's Idempotency-Key. */
    public static final String KEY = "idempotency_key";
    /** Metadata key of the request's fingerprint. */
    public static final String FINGERPRINT = "request_fingerprint";

    private final IdempotencyKeys keys;
    private final EventPositions positions;

    public IdempotencyInterceptor(IdempotencyKeys keys, EventPositions positions) {
        this.keys = keys;
        this.positions = positions;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(KEY);
        if (key == null || !(command.getPayload() instanceof NewAccountCommand account)) {
            return chain.proceed();
        }
        keys.record(key.toString(), String.valueOf(command.getMetaData().get(FINGERPRINT)), account.userId());
        Object result = chain.proceed();
        // registered after the handler, so it runs after the event bus has appended the events
        unitOfWork.onPrepareCommit(uow -> keys.notePosition(key.toString(), positions.appendedBy(uow, account.userId())));
        return result;
    }
}
