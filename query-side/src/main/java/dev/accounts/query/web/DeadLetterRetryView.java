package dev.accounts.query.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.query.projections.DeadLetterRetry;

/** What {@code POST /api/projections/{name}/dead-letters/retry} did. */
record DeadLetterRetryView(
        @JsonProperty("retried") long retried,
        @JsonProperty("succeeded") long succeeded,
        @JsonProperty("dead_letters") long deadLetters) {

    static DeadLetterRetryView of(DeadLetterRetry retry) {
        return new DeadLetterRetryView(retry.retried(), retry.succeeded(), retry.remaining());
    }
}
