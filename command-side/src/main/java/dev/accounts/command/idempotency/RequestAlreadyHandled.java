package dev.accounts.command.idempotency;

/** Another request with the same Idempotency-Key committed first; its answer is the answer. */
public class RequestAlreadyHandled extends RuntimeException {

    public RequestAlreadyHandled(String key) {
        super("A request with this Idempotency-Key was already handled");
    }
}
