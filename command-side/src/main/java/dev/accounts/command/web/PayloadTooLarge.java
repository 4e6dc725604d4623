package dev.accounts.command.web;

/** A request body beyond the configured limit. */
class PayloadTooLarge extends RuntimeException {

    PayloadTooLarge(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
