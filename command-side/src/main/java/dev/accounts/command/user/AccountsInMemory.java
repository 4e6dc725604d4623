package dev.accounts.command.user;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's {@link Cache} over a Caffeine cache that holds at most a given number of entries, the least likely to be
 * used again evicted first. Axon's own {@code WeakReferenceCache} lost an account at the first young collection after
 * its command: under the login load that was several times a second, and between a login's two steps (the password
 * check, with its wait for a hashing slot, lies between them) nearly half the accounts had gone and were read again.
 *
 * <p>Listeners hear of entries created, updated, read and removed through this cache, and of entries evicted to
 * keep within the bound ({@link EntryListener#onEntryExpired}), as Axon's caches report them. Eviction runs on the
 * threads that use the cache, with no thread of its own; under contention the bound may be exceeded for a moment.
 * An eviction is reported while Caffeine holds its locks, so a listener must not use this cache. Axon registers
 * none on an aggregate cache.
 *
 * <p>Its hits, misses, evictions and size are Micrometer's {@code cache.*} meters with the tag
 * {@code cache=accounts}: a miss is an account read from the event log.
 */
final class AccountsInMemory implements Cache {

    /** The {@code cache} tag of the meters. */
    static final String METRICS_NAME = "accounts";

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> cache;
    private final ConcurrentMap<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param maximum entries kept at most; more than 0
     * @param meters where its {@code cache.*} meters go
     */
    AccountsInMemory(long maximum, MeterRegistry meters) {
        if (maximum < 1) {
            throw new IllegalArgumentException("at least one entry must fit, not " + maximum);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximum)
                .executor(Runnable::run)
                .recordStats()
                .evictionListener((key, value, cause) -> notify(listener -> listener.onEntryExpired(key)))
                .build();
        this.entries = cache.asMap();
        CaffeineCacheMetrics.monitor(meters, cache, METRICS_NAME);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = cache.getIfPresent(key); // the cache's own read, which counts hits and misses
        if (value != null) {
            notify(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        requireValue(value);
        if (entries.put(key, value) == null) {
            notify(listener -> listener.onEntryCreated(key, value));
        } else {
            notify(listener -> listener.onEntryUpdated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        requireValue(value);
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        notify(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        boolean[] created = {false};
        T value = (T) entries.computeIfAbsent(key, absent -> {
            created[0] = true;
            return requireValue(valueSupplier.get());
        });
        if (created[0]) {
            notify(listener -> listener.onEntryCreated(key, value));
        }
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        boolean[] present = {false};
        Object value = entries.computeIfPresent(key, (k, old) -> {
            present[0] = true;
            return update.apply((V) old);
        });
        if (value != null) {
            notify(listener -> listener.onEntryUpdated(key, value));
        } else if (present[0]) {
            notify(listener -> listener.onEntryRemoved(key));
        }
    }

    @Override
    public boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        notify(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        for (Object key : entries.keySet()) {
            remove(key);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many entries are held, once any pending eviction is done. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private void notify(Consumer<EntryListener> event) {
        listeners.forEach(event);
    }

    private static <V> V requireValue(V value) {
        if (value == null) {
            throw new IllegalArgumentException("a cache entry needs a value");
        }
        return value;
    }
}
