package dev.accounts.command.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client, in memory. Small on purpose: a limit per process is what is asked for (each
 * process behind a balancer limits its own share), and a distributed limiter would need a store of its own.
 * Buckets that have refilled completely are dropped when the map grows, so memory stays bounded.
 */
final class TokenBuckets {

    private static final int MAX_CLIENTS = 100_000;

    private final double capacity;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    TokenBuckets(int capacity, Duration per) {
        this.capacity = capacity;
        this.perNano = capacity / (double) per.toNanos();
    }

    /** Takes one token for the client; empty when granted, else how long until one is free. */
    Duration take(String client, long nowNanos) {
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.values().removeIf(bucket -> refill(bucket, nowNanos) >= capacity);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, nowNanos));
        synchronized (bucket) {
            double tokens = refill(bucket, nowNanos);
            if (tokens >= 1) {
                bucket.tokens = tokens - 1;
                bucket.updated = nowNanos;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }
    }

    private double refill(Bucket bucket, long nowNanos) {
        synchronized (bucket) {
            return Math.min(capacity, bucket.tokens + (nowNanos - bucket.updated) * perNano);
        }
    }
}
