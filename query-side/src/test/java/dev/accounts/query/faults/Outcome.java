package dev.accounts.query.faults;

/** What a client can conclude from one attempt to register, and so what the store may hold for it. */
enum Outcome {

    /** {@code 201}: stored, and must stay stored. */
    ACKNOWLEDGED,
    /** Any {@code 4xx}: the client must change something; nothing may be stored. */
    REJECTED,
    /** {@code 503} with {@code Retry-After}: nothing may be stored; the same request may be retried. */
    UNAVAILABLE,
    /** {@code 500} of type {@code outcome-unknown}: the commit failed, so it may or may not be stored. */
    OUTCOME_UNKNOWN,
    /** Any other status: a fault in itself (a {@code 500} the service could not explain). */
    FAILED,
    /** The connection broke after the request went out (the process died): it may or may not be stored. */
    NO_ANSWER,
    /** The connection was refused: the request never reached a server, so nothing may be stored. */
    NOT_SENT;

    /** An answer that says nothing was stored, which a client may act on (by changing or retrying the request). */
    boolean storedNothing() {
        return this == REJECTED || this == UNAVAILABLE || this == NOT_SENT;
    }

    /** An attempt the client cannot know the result of. */
    boolean unknown() {
        return this == OUTCOME_UNKNOWN || this == NO_ANSWER;
    }
}
