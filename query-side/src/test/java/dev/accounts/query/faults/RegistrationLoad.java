package dev.accounts.query.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady registration load through the command side's API until {@link #stop}: {@code clients} threads, one new
 * registration every {@code pace} across them, each attempted once (every answer goes into the ledger; retries
 * come after the fault). Like a real client, a thread that got no answer or a 503 waits before its next request
 * (the 503's {@code Retry-After}, or half a second), so that an outage slows the load instead of flooding it.
 */
final class RegistrationLoad implements AutoCloseable {

    private static final Duration BACK_OFF = Duration.ofMillis(500);

    private final RegistrationClient client;
    private final String run;
    private final Duration pace;
    private final ExecutorService clients;
    private final int threads;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean stopped;

    private RegistrationLoad(RegistrationClient client, String run, int clients, Duration pace) {
        this.client = client;
        this.run = run;
        this.pace = pace;
        this.threads = clients;
        this.clients = Executors.newFixedThreadPool(clients);
    }

    static RegistrationLoad start(RegistrationClient client, String run, int clients, Duration pace) {
        RegistrationLoad load = new RegistrationLoad(client, run, clients, pace);
        for (int i = 0; i < clients; i++) {
            load.clients.submit(load::client);
        }
        load.clients.shutdown();
        return load;
    }

    /** One client: a registration every {@code clients × pace}, staggered against the others, never a burst. */
    private void client() {
        long interval = pace.toNanos() * threads;
        long due = System.nanoTime() + pace.toNanos() * started.getAndIncrement();
        while (waitUntil(due)) {
            Answer answer = client.register(Registration.numbered(run, next.getAndIncrement()));
            due += interval;
            if (answer.outcome() != Outcome.ACKNOWLEDGED && answer.outcome() != Outcome.REJECTED) {
                Duration backOff = answer.retryAfter() != null ? Duration.ofSeconds(Long.parseLong(answer.retryAfter())) : BACK_OFF;
                due = Math.max(due, System.nanoTime() + backOff.toNanos());
            }
            // a client that fell behind (a slow answer) starts again from now rather than catching up in a burst
            due = Math.max(due, System.nanoTime() - interval);
        }
    }

    /** A client's pacing: sleeps until then, unless the load stops first; whether to go on. */
    private boolean waitUntil(long nanoTime) {
        try {
            while (!stopped && System.nanoTime() - nanoTime < 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(nanoTime - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends nothing new, and returns once every request in flight has been answered. */
    void stop() {
        stopped = true;
        try {
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("the load's clients stopped").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        clients.shutdownNow();
    }
}
