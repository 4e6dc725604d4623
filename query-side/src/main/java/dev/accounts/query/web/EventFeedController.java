package dev.accounts.query.web;

import dev.accounts.query.history.EventHistory;
import dev.accounts.query.history.FeedPage;
import dev.accounts.query.history.HistoricEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event feed for downstream services (a token with scope {@code events:read}): every public event of the
 * log in order, as pages that long-poll when nothing is newer, or as Server-Sent Events. Both read the log through
 * {@link EventHistory#feed}, which serves only up to a safe position, so a subscriber that resumes from the last
 * position it saw misses nothing and sees nothing twice. Waiting holds no request thread: a small scheduler polls
 * the log.
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
class EventFeedController implements SmartLifecycle {

    static final String SCOPE = "events:read";
    private static final Logger log = LoggerFactory.getLogger(EventFeedController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_WAIT_SECONDS = 20;
    /** Events sent at once on a stream. */
    private static final int STREAM_BATCH = 500;

    private final EventHistory history;
    private final int maxWaitSeconds;
    private final Duration gapTimeout;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Duration streamTimeout;
    private final ScheduledExecutorService scheduler;
    /** How to end each open long poll and stream at once, when the service stops. */
    private final Set<Runnable> open = ConcurrentHashMap.newKeySet();
    /** The log's head as last read, and when: read at most once a poll interval, however many requests wait. */
    private long head;
    private long headReadAt;
    private boolean headRead;
    private volatile boolean running;

    EventFeedController(EventHistory history,
                        @Value("${accounts.feed.max-wait:30s}") Duration maxWait,
                        @Value("${accounts.feed.gap-timeout:10s}") Duration gapTimeout,
                        @Value("${accounts.feed.poll-interval:25ms}") Duration pollInterval,
                        @Value("${accounts.feed.heartbeat:15s}") Duration heartbeat,
                        @Value("${accounts.feed.stream-timeout:5m}") Duration streamTimeout,
                        @Value("${accounts.feed.threads:2}") int threads) {
        this.history = history;
        this.maxWaitSeconds = (int) maxWait.toSeconds();
        this.gapTimeout = gapTimeout;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
        this.streamTimeout = streamTimeout;
        this.scheduler = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "event-feed");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Ends every open long poll (with what it has, nothing) and stream (cleanly, so the client resumes elsewhere),
     * before the web server's graceful shutdown would wait for them; this bean stops in an earlier phase.
     */
    @Override
    public void stop() {
        running = false;
        List.copyOf(open).forEach(Runnable::run);
    }

    @PreDestroy
    void shutDownTheScheduler() {
        scheduler.shutdownNow();
    }

    @Operation(summary = "The event feed (scope events:read): public events after a position, long-polling",
            description = "Public events in log order after position `after` (0: from the start), at most `limit`: "
                    + "each {user_id, position, event_id, type, revision, time, metadata, payload}. When none is "
                    + "newer, waits up to `wait` seconds for one, then answers an empty list. Resume with "
                    + "`after=next_after`: nothing is missed and nothing repeats. Internal events never appear.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "{events: [...], next_after}"),
                    @ApiResponse(responseCode = "400", description = "after, limit or wait invalid (errors names them)"),
                    @ApiResponse(responseCode = "401", description = "No valid access token"),
                    @ApiResponse(responseCode = "403", description = "The token lacks scope events:read")})
    @GetMapping(path = "/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<Map<String, Object>> events(
            @Parameter(description = "Position to read after (0 = from the start)") @RequestParam(name = "after", required = false) String after,
            @Parameter(description = "Events at most, 1 to 1000 (default 100)") @RequestParam(name = "limit", required = false) String limit,
            @Parameter(description = "Seconds to wait when nothing is newer, 0 to 30 (default 20)") @RequestParam(name = "wait", required = false) String wait) {
        QueryParameters parameters = new QueryParameters();
        long from = parameters.position("after", after);
        int size = parameters.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int seconds = parameters.integer("wait", wait, Math.min(DEFAULT_WAIT_SECONDS, maxWaitSeconds), 0, maxWaitSeconds);
        parameters.check();
        DeferredResult<Map<String, Object>> result = new DeferredResult<>((long) seconds * 1000 + 5_000);
        Instant deadline = Instant.now().plusSeconds(seconds);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        FeedPage first = read(from, size);
        if (!first.events().isEmpty() || seconds == 0) {
            result.setResult(view(first));
            return result;
        }
        Runnable poll = () -> {
            if (result.isSetOrExpired()) {
                cancel(task);
                return;
            }
            try {
                boolean timeIsUp = !Instant.now().isBefore(deadline);
                if (!timeIsUp && !logMovedPast(first.nextAfter())) {
                    return;
                }
                FeedPage page = read(from, size);
                if (!page.events().isEmpty() || timeIsUp) {
                    result.setResult(view(page));
                    cancel(task);
                }
            } catch (RuntimeException failure) {
                result.setErrorResult(failure);
                cancel(task);
            }
        };
        Runnable nothingNewer = () -> result.setResult(view(new FeedPage(List.of(), first.nextAfter())));
        result.onTimeout(nothingNewer);
        open.add(nothingNewer);
        task.set(scheduler.scheduleWithFixedDelay(poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS));
        result.onCompletion(() -> {
            cancel(task);
            open.remove(nothingNewer);
        });
        return result;
    }

    @Operation(summary = "The event feed as Server-Sent Events (scope events:read)",
            description = "Each public event as `id: <position>`, `event: <type>`, `data: {user_id, position, ...}`, "
                    + "after the `Last-Event-ID` header (or `after`; 0 = from the start). A comment line every 15 s "
                    + "keeps the connection open; the stream ends after a few minutes and the client reconnects with "
                    + "Last-Event-ID, missing nothing.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "text/event-stream"),
                    @ApiResponse(responseCode = "400", description = "after or Last-Event-ID invalid"),
                    @ApiResponse(responseCode = "401", description = "No valid access token"),
                    @ApiResponse(responseCode = "403", description = "The token lacks scope events:read")})
    @GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @Parameter(description = "Position to read after when there is no Last-Event-ID")
                      @RequestParam(name = "after", required = false) String after) {
        QueryParameters parameters = new QueryParameters();
        long from = lastEventId != null && !lastEventId.isBlank()
                ? parameters.position("Last-Event-ID", lastEventId) : parameters.position("after", after);
        parameters.check();
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Stream stream = new Stream(emitter, from);
        Runnable finish = stream::finish;
        open.add(finish);
        emitter.onCompletion(() -> {
            stream.stop();
            open.remove(finish);
        });
        emitter.onTimeout(finish);
        emitter.onError(failure -> stream.stop());
        stream.task.set(scheduler.scheduleWithFixedDelay(stream::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS));
        return stream.emitter;
    }

    /**
     * Whether the log holds anything after {@code position}: waiting requests and streams ask this each poll
     * interval, and only then read a page, so a quiet log costs one head query an interval, not one per waiter.
     */
    private synchronized boolean logMovedPast(long position) {
        long now = System.nanoTime();
        if (!headRead || now - headReadAt >= pollInterval.toNanos()) {
            head = history.head();
            headReadAt = now;
            headRead = true;
        }
        return head > position;
    }

    private FeedPage read(long after, int limit) {
        return history.feed(after, limit, gapTimeout, Instant.now());
    }

    private static Map<String, Object> view(FeedPage page) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("events", page.events().stream().map(event -> event.withUserId(JSON)).toList());
        view.put("next_after", page.nextAfter());
        return view;
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> scheduled = task.get();
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** One subscriber's stream: where it stands, and when it last heard something. */
    private final class Stream {

        final SseEmitter emitter;
        final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        long position;
        Instant lastSent = Instant.now();
        volatile boolean stopped;

        Stream(SseEmitter emitter, long position) {
            this.emitter = emitter;
            this.position = position;
        }

        /** Runs on the scheduler, one call at a time (fixed delay). */
        void poll() {
            if (stopped) {
                cancel(task);
                return;
            }
            try {
                FeedPage page = logMovedPast(position) ? read(position, STREAM_BATCH) : new FeedPage(List.of(), position);
                for (HistoricEvent event : page.events()) {
                    emitter.send(SseEmitter.event().id(Long.toString(event.position())).name(event.type())
                            .data(JSON.writeValueAsString(event.withUserId(JSON)), MediaType.APPLICATION_JSON));
                    lastSent = Instant.now();
                }
                position = page.nextAfter();
                if (Duration.between(lastSent, Instant.now()).compareTo(heartbeat) >= 0) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent = Instant.now();
                }
            } catch (IOException | IllegalStateException gone) {
                stop();
            } catch (RuntimeException failure) {
                log.warn("Event stream failed at position {}: {}", position, failure.toString());
                stop();
                emitter.completeWithError(failure);
            }
        }

        /** The stream's time is up: end it cleanly, so the client reconnects with Last-Event-ID. */
        void finish() {
            stop();
            emitter.complete();
        }

        void stop() {
            stopped = true;
            cancel(task);
        }
    }
}
