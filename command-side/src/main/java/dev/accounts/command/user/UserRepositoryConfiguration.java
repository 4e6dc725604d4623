package dev.accounts.command.user;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
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
     * Axon's cache of weakly held aggregates: an account stays while anything uses it and until the next
     * collection after that, so it costs no memory of its own and needs no size. Axon puts an account in after
     * each committed command and takes it out on a rollback. Another command side appending to the same account
     * meanwhile leaves this copy stale; the stale copy's next event then takes a sequence number already used,
     * which the event log refuses, so nothing is stored, the copy is dropped and the request is answered 503, to be
     * retried. What appends nothing cannot be caught that way, so only a login, whose every outcome appends and
     * whose email lookup reads the account's version in the log, uses the copy ({@link FreshAccountReads}).
     */
    @Bean
    Cache userCache() {
        return new WeakReferenceCache();
    }
}
