package dev.accounts.command.user;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of accounts: every login appends an event, so an account that logs in daily would otherwise be
 * rebuilt from thousands of events on each command. A snapshot after every {@value #EVENTS_PER_SNAPSHOT}
 * events bounds that; it lives in the command side's own {@code snapshot_event_entry} table.
 */
@Configuration(proxyBeanMethods = false)
class UserRepositoryConfiguration {

    static final int EVENTS_PER_SNAPSHOT = 100;

    @Bean
    SnapshotTriggerDefinition userSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_PER_SNAPSHOT);
    }
}
