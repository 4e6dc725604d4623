package dev.accounts.query.web;

/** A valid token whose holder may not read this. */
class Forbidden extends RuntimeException {

    Forbidden(String message) {
        super(message);
    }
}
