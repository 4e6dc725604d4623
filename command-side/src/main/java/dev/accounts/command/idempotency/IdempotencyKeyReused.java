package dev.accounts.command.idempotency;

/** The Idempotency-Key was first used for a different request. */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused() {
        super("This Idempotency-Key was already used for a different request.");
    }
}
