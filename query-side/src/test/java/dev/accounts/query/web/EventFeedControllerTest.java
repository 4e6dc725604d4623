package dev.accounts.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.UserRegistered;
import dev.accounts.query.history.EventHistory;
import dev.accounts.query.support.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.request.async.DeferredResult;

/** The feed's long poll on an in-memory H2 log: it waits while nothing is newer, and the service's stop ends it. */
class EventFeedControllerTest {

    private final JdbcClient jdbc = JdbcClient.create(EventLog.migratedInMemoryH2());
    private final EventFeedController feed = new EventFeedController(new EventHistory(jdbc), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(15), Duration.ofMinutes(5), 1);

    @AfterEach
    void shutDown() {
        feed.shutDownTheScheduler();
    }

    @Test
    void aWaitingLongPollEndsEmptyWhenTheServiceStops() {
        UUID id = UUID.randomUUID();
        long position = EventLog.append(jdbc, new UserRegistered(id, "a@example.com", "a", "", ""), Instant.now(),
                Map.of("actor", id.toString()));
        feed.start();

        DeferredResult<Map<String, Object>> poll = feed.events(Long.toString(position), null, "20");

        assertThat(poll.hasResult()).as("nothing newer: waiting").isFalse();
        feed.stop();
        assertThat(feed.isRunning()).isFalse();
        assertThat(poll.hasResult()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) poll.getResult();
        assertThat((List<?>) page.get("events")).isEmpty();
        assertThat(page.get("next_after")).isEqualTo(position);
    }

    @Test
    void aLongPollWithSomethingNewerAnswersAtOnce() {
        UUID id = UUID.randomUUID();
        long position = EventLog.append(jdbc, new UserRegistered(id, "b@example.com", "b", "", ""), Instant.now(),
                Map.of("actor", id.toString()));

        DeferredResult<Map<String, Object>> poll = feed.events(Long.toString(position - 1), "10", "20");

        assertThat(poll.hasResult()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) poll.getResult();
        assertThat((List<?>) page.get("events")).hasSize(1);
        assertThat(page.get("next_after")).isEqualTo(position);
    }
}
