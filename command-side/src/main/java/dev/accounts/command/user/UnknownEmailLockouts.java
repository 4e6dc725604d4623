package dev.accounts.command.user;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Lockout for emails no account holds, kept in memory: without it, an address that answers 429 after five
 * wrong passwords while another never does would tell who is registered. Bounded; per process.
 */
@Component
class UnknownEmailLockouts {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(int failures, Instant lockedUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LoginProperties policy;

    UnknownEmailLockouts(LoginProperties policy) {
        this.policy = policy;
    }

    /** @throws AccountLockedOut while the key is locked, as an account would be */
    void checkNotLocked(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry != null && entry.lockedUntil() != null && entry.lockedUntil().isAfter(now)) {
            throw new AccountLockedOut(Duration.between(now, entry.lockedUntil()));
        }
    }

    void fail(String key, Instant now) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(entry -> entry.lockedUntil() == null || !entry.lockedUntil().isAfter(now));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.compute(key, (k, entry) -> {
            int failures = (entry == null || entry.lockedUntil() != null ? 0 : entry.failures()) + 1;
            return failures >= policy.maxFailures()
                    ? new Entry(0, now.plus(policy.lockout()))
                    : new Entry(failures, null);
        });
    }
}
