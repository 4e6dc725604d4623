package dev.accounts.query.faults;

import static org.awaitility.Awaitility.await;

import dev.accounts.testsupport.Api;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Registers through the command side's API as a careful client does, each attempt under the registration's
 * Idempotency-Key, and writes every answer into a {@link Ledger}.
 */
final class RegistrationClient {

    /** Concurrent requests when retrying or resending many registrations at once. */
    private static final int PARALLEL = 8;

    private final Api api;
    private final Ledger ledger;

    RegistrationClient(Api api, Ledger ledger) {
        this.api = api;
        this.ledger = ledger;
    }

    /** One attempt, with the registration's Idempotency-Key if it has one. */
    Answer register(Registration registration) {
        long sent = System.nanoTime();
        Answer answer;
        try {
            Api.Response response = registration.key() != null
                    ? api.postJson("/api/users", registration.body(), "Idempotency-Key", registration.key())
                    : api.postJson("/api/users", registration.body());
            answer = Answer.of(response, sent);
        } catch (UncheckedIOException failure) {
            answer = Answer.of(failure, sent);
        }
        ledger.record(registration, answer);
        return answer;
    }

    /**
     * Retries every registration that no attempt has acknowledged yet, under its Idempotency-Key (one without is
     * sent again as it was: only safe when nothing was stored for it), each until it is
     * acknowledged or refused with a 4xx, as a client does once the service is back (503s every half second, the
     * services' {@code Retry-After} being 1 s); returns how many it retried. One that is neither within
     * {@code atMost} fails the test: the service never recovered.
     */
    int retryUnacknowledged(Duration atMost) {
        List<Registration> open = ledger.registrations().stream()
                .filter(registration -> ledger.acknowledgement(registration).isEmpty()).toList();
        inParallel(open.stream().<Callable<Void>>map(registration -> () -> {
            await("a retry of " + registration.key() + " to be answered 201 or 4xx").atMost(atMost)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Outcome outcome = register(registration).outcome();
                        return outcome == Outcome.ACKNOWLEDGED || outcome == Outcome.REJECTED;
                    });
            return null;
        }).toList());
        return open.size();
    }

    /**
     * Sends every acknowledged registration that has an Idempotency-Key once more under its key, as a client that
     * lost the answer would; returns how many were answered with anything but their first 201's account.
     */
    int resendAcknowledged() {
        List<Registration> acknowledged = ledger.registrations().stream()
                .filter(registration -> registration.key() != null && ledger.acknowledgement(registration).isPresent())
                .toList();
        List<Boolean> same = inParallel(acknowledged.stream().<Callable<Boolean>>map(registration -> () -> {
            Answer first = ledger.acknowledgement(registration).orElseThrow();
            Answer again = register(registration);
            return again.outcome() == Outcome.ACKNOWLEDGED && Objects.equals(again.userId(), first.userId())
                    && again.position() == first.position();
        }).toList());
        return (int) same.stream().filter(answer -> !answer).count();
    }

    private static <T> List<T> inParallel(List<Callable<T>> tasks) {
        ExecutorService threads = Executors.newFixedThreadPool(PARALLEL);
        try {
            return threads.invokeAll(tasks).stream().map(RegistrationClient::result).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
