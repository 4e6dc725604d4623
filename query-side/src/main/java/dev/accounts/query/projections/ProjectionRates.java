package dev.accounts.query.projections;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** How fast each projection's position moves: samples over a sliding window of a few seconds. */
final class ProjectionRates {

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Sample(long nanos, long position) {
    }

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    ProjectionRates(LongSupplier clock) {
        this.clock = clock;
    }

    void record(String projection, long position) {
        Deque<Sample> window = samples.computeIfAbsent(projection, name -> new ArrayDeque<>());
        synchronized (window) {
            long now = clock.getAsLong();
            if (!window.isEmpty() && position < window.peekLast().position()) {
                window.clear(); // a replay began: the rate before it says nothing about the rate now
            }
            window.addLast(new Sample(now, position));
            while (now - window.peekFirst().nanos() > WINDOW_NANOS) {
                window.removeFirst();
            }
        }
    }

    /** Log positions per second over the window; 0 until two samples exist. */
    double perSecond(String projection) {
        Deque<Sample> window = samples.get(projection);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            Sample first = window.peekFirst();
            Sample last = window.peekLast();
            if (window.size() < 2 || last.nanos() == first.nanos()) {
                return 0;
            }
            return (last.position() - first.position()) * 1e9 / (last.nanos() - first.nanos());
        }
    }
}
