package dev.accounts.command.user;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of accounts: every login appends an event, so an account that logs in daily would otherwise be
 * rebuilt from thousands of events on each command. A snapshot after every {@value #EVENTS_PER_SNAPSHOT}
 * events bounds that; it lives in the command side's own {@code snapshot_event_entry} table. Twenty rather than
 * a hundred: a login whose account is not in memory replays the events since the snapshot, and at a hundred those
 * loads were 15 % of the login pipeline's CPU samples; at twenty the pipeline's mean over three A/B pairs was 3.7 %
 * higher (-1.1, +9.6 and +2.5 %, within the machine's noise; docs/BENCHMARKS.md, session 9), for one snapshot
 * written every twenty events.
 *
 * <p>Accounts in use are also kept in memory ({@link #userCache}), so that a command on an account that another
 * command has just loaded reads nothing: a login loads the account to verify the password, then again to record the
 * login. Only a login's steps use such a copy; every other command reads the account from the log
 * ({@link FreshAccountReads}).
 */
@Configuration(proxyBeanMethods = false)
class UserRepositoryConfiguration {

    static final int EVENTS_PER_SNAPSHOT = 20;

    @Bean
    SnapshotTriggerDefinition userSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_PER_SNAPSHOT);
    }

    /**
     * The accounts kept in memory: at most {@code accounts.accounts-in-memory} (default 10,000), the least likely to
     * be used again evicted first; 0 keeps none, so every command reads its account from the log. Axon puts an
     * account in as each command commits (in its prepare-commit phase) and takes it out on a rollback. Hits and
     * misses are the {@code cache.gets} meter, tag {@code cache=accounts} ({@link AccountsInMemory}). Another command side appending to the
     * same account meanwhile leaves this copy stale; the stale copy's next event then takes a sequence number already
     * used, which the event log refuses, so nothing is stored, the copy is dropped and the request is answered 503,
     * to be retried. What appends nothing cannot be caught that way, so only a login, whose every outcome appends and
     * whose email lookup reads the account's version in the log, uses the copy ({@link FreshAccountReads}).
     *
     * <p>Bounded rather than weakly held (Axon's {@code WeakReferenceCache}, used before): a weakly held account went
     * at the next young collection, several a second under load, and was read again by the login's second step
     * nearly half the time. An account in memory takes about 600 bytes (3,000 of them left 1.8 MB more heap after a
     * full collection than none), so the default bound is about 6 MB.
     */
    @Bean
    Cache userCache(@Value("${accounts.accounts-in-memory:10000}") long accountsInMemory, MeterRegistry meters) {
        if (accountsInMemory < 0) {
            throw new IllegalArgumentException("accounts.accounts-in-memory must be 0 or more, not " + accountsInMemory);
        }
        return accountsInMemory == 0 ? NoCache.INSTANCE : new AccountsInMemory(accountsInMemory, meters);
    }
}
