package dev.accounts.query.cli;

/** A replay that could not be started or followed; its message is the one line the operator sees. */
class ReplayFailed extends RuntimeException {

    ReplayFailed(String message) {
        super(message);
    }
}
