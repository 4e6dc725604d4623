package dev.accounts.query.faults;

import dev.accounts.testsupport.Api;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What one attempt to register got, as a client sees it.
 *
 * @param status       the HTTP status, or 0 when there was no answer
 * @param problemType  the problem's {@code type} of an error answer, or {@code null}
 * @param retryAfter   the {@code Retry-After} header, or {@code null}
 * @param userId       the account's id of a {@code 201}, or {@code null}
 * @param position     the {@code X-Event-Position} of a {@code 201}, or -1
 * @param sentNanos    {@link System#nanoTime} when the attempt was sent
 * @param answeredNanos {@link System#nanoTime} when its answer (or failure) came
 * @param problem      the body of an error answer (a problem, to say why), or {@code null}
 */
record Answer(Outcome outcome, int status, String problemType, String retryAfter, UUID userId, long position,
              long sentNanos, long answeredNanos, String problem) {

    static Answer of(Api.Response response, long sentNanos) {
        long answered = System.nanoTime();
        int status = response.status();
        if (status == 201) {
            return new Answer(Outcome.ACKNOWLEDGED, status, null, null,
                    UUID.fromString(response.json().get("id").asString()),
                    Long.parseLong(response.header("X-Event-Position")), sentNanos, answered, null);
        }
        String type = problemType(response);
        Outcome outcome = status == 503 ? Outcome.UNAVAILABLE
                : status >= 400 && status < 500 ? Outcome.REJECTED
                : status == 500 && "/problems/outcome-unknown".equals(type) ? Outcome.OUTCOME_UNKNOWN
                : Outcome.FAILED;
        return new Answer(outcome, status, type, response.header("Retry-After"), null, -1, sentNanos, answered,
                response.body());
    }

    /** No answer: refused (nothing sent) or broken off (something may have been done). */
    static Answer of(UncheckedIOException failure, long sentNanos) {
        boolean refused = failure.getCause() instanceof ConnectException
                || failure.getCause() instanceof HttpConnectTimeoutException;
        return new Answer(refused ? Outcome.NOT_SENT : Outcome.NO_ANSWER, 0, null, null, null, -1, sentNanos,
                System.nanoTime(), failure.getCause().toString());
    }

    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(answeredNanos - sentNanos);
    }

    /** The status as a report counts it: the number, or what happened instead. */
    String label() {
        return switch (outcome) {
            case NO_ANSWER -> "no answer";
            case NOT_SENT -> "refused";
            case OUTCOME_UNKNOWN -> "500 outcome-unknown";
            default -> Integer.toString(status);
        };
    }

    private static String problemType(Api.Response response) {
        try {
            return response.json().path("type").asString(null);
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
