package dev.accounts.query.projections;

import dev.accounts.query.users.DeferredIndexes;
import dev.accounts.query.users.ProjectionProgress;
import dev.accounts.query.users.UserProjection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The projections this side keeps, as an operator sees them: where each stands, a replay from the start of
 * the log, and the events their handlers failed on.
 *
 * <p>A replay is Axon's own: the tracking processor is shut down, its tokens are reset (which runs the
 * projection's {@code @ResetHandler}, emptying its table, and clears its dead letters, in the same
 * transaction), and it is started again, meeting the whole log as a replay. Resetting claims every segment,
 * so it succeeds only when no other process holds one; otherwise nothing changes and the replay is refused.
 * Everything reported here is read from the token table, so it is true whichever process runs the
 * segments.
 *
 * <p>A replay drops the table's read-only indexes first, and builds them again once every segment has passed the
 * position the log's head had when it began ({@link DeferredIndexes}); it is reported as running until they are
 * back.
 */
@Component
public class Projections {

    /** Every projection this side keeps; each is a processing group with a tracking processor of that name. */
    public static final List<String> NAMES = List.of(UserProjection.PROCESSING_GROUP);

    private static final Logger log = LoggerFactory.getLogger(Projections.class);
    /**
     * The reset context of a replay started here, kept in its tokens: a new processor meets the log's history
     * as a replay too, but that one never emptied the table, and a replay must not be refused for it.
     */
    private static final String REPLAY = "replay";
    /** How long a read may be told the last answer to "is a replay running?" instead of asking again. */
    private static final long REPLAYING_FRESH_MILLIS = 200;

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final EventStore eventLog;
    private final DeferredIndexes deferredIndexes;
    private final ProjectionRates rates = new ProjectionRates(System::nanoTime);
    private final Object replays = new Object();
    private volatile Sighting lastSeenReplaying;

    public Projections(EventProcessingConfiguration processing, ProjectionProgress progress,
                       EventStore eventLog, DeferredIndexes deferredIndexes) {
        this.processing = processing;
        this.progress = progress;
        this.eventLog = eventLog;
        this.deferredIndexes = deferredIndexes;
    }

    public List<ProjectionStatus> statuses() {
        return NAMES.stream().map(this::status).toList();
    }

    /** @throws UnknownProjection when this side keeps no projection of that name */
    public ProjectionStatus status(String name) {
        processor(name);
        List<ProjectionStatus.Segment> segments = segments(name);
        boolean replaying = segments.stream().anyMatch(ProjectionStatus.Segment::replaying)
                || deferredIndexes.pending(table(name));
        if (NAMES.size() == 1) {
            lastSeenReplaying = new Sighting(replaying, System.nanoTime());
        }
        return new ProjectionStatus(name, position(segments), head(), replaying, rates.perSecond(name),
                deadLetters(name).map(SequencedDeadLetterQueue::size).orElse(0L), segments);
    }

    /**
     * Whether any projection is being rebuilt, so that what readers see of it may be incomplete. Every read asks,
     * so the answer is read from the token table at most every {@value #REPLAYING_FRESH_MILLIS} ms (and each
     * time {@link #status} is).
     */
    public boolean anyReplaying() {
        Sighting last = lastSeenReplaying;
        long now = System.nanoTime();
        if (last != null && now - last.at() < TimeUnit.MILLISECONDS.toNanos(REPLAYING_FRESH_MILLIS)) {
            return last.replaying();
        }
        return anyReplayingNow();
    }

    /** {@link #anyReplaying}, read from the token table now. */
    public boolean anyReplayingNow() {
        long now = System.nanoTime();
        boolean replaying = NAMES.stream().anyMatch(name -> deferredIndexes.pending(table(name))
                || segments(name).stream().anyMatch(ProjectionStatus.Segment::replaying));
        lastSeenReplaying = new Sighting(replaying, now);
        return replaying;
    }

    private record Sighting(boolean replaying, long at) {
    }

    /**
     * Starts rebuilding a projection from the start of the log, and returns at once; {@link #status} follows it.
     *
     * @throws ReplayRefused when a replay is already running, or another process claims a segment
     */
    public ProjectionStatus replay(String name) {
        TrackingEventProcessor processor = processor(name);
        synchronized (replays) {
            ProjectionStatus before = status(name);
            boolean tokensReplaying = progress.current(name).stream().anyMatch(segment ->
                    ProjectionStatus.replaying(segment.token())
                    && ReplayToken.replayContext(segment.token(), String.class).filter(REPLAY::equals).isPresent());
            // a replay that has applied every event is still running until its indexes are built again
            if (tokensReplaying || deferredIndexes.pending(table(name))) {
                throw new ReplayRefused(ReplayRefused.Reason.IN_PROGRESS, "A replay of the " + name
                        + " projection is already running (at position " + before.position() + " of "
                        + before.head() + "); follow it with GET /api/projections.", before);
            }
            awaitWorkersStarted(processor, name);
            processor.shutDown();
            if (processor.availableProcessorThreads() < processor.maxCapacity()) {
                log.warn("The {} processor lost a thread while shutting down for the replay; it will run {} of its {}"
                        + " segments until restarted", name, processor.availableProcessorThreads(), processor.maxCapacity());
            }
            try {
                processor.resetTokens(REPLAY);
            } catch (UnableToClaimTokenException claimed) {
                log.info("Not replaying the {} projection: {}", name, claimed.getMessage());
                throw new ReplayRefused(ReplayRefused.Reason.SEGMENTS_CLAIMED, claimedByOthers(name), status(name));
            } finally {
                processor.start();
            }
            ProjectionStatus started = status(name);
            log.info("Replaying the {} projection from the start of the log ({} events)", name, started.head());
            return started;
        }
    }

    /**
     * Processes every dead-lettered sequence once more, oldest first: each event whose handler now succeeds
     * is applied and leaves the queue; one that fails again stays, with its new cause.
     */
    public DeadLetterRetry retryDeadLetters(String name) {
        processor(name);
        SequencedDeadLetterQueue<EventMessage<?>> queue = deadLetters(name).orElse(null);
        SequencedDeadLetterProcessor<EventMessage<?>> letters = processing.sequencedDeadLetterProcessor(name).orElse(null);
        if (queue == null || letters == null) {
            return new DeadLetterRetry(0, 0, 0);
        }
        long before = queue.size();
        // a sequence that fails again is touched and goes to the back, so each is tried once
        for (long sequence = queue.amountOfSequences(); sequence > 0; sequence--) {
            letters.processAny();
        }
        long after = queue.size();
        DeadLetterRetry retry = new DeadLetterRetry(before, Math.max(0, before - after), after);
        log.info("Retried the dead letters of the {} projection: {}", name, retry);
        return retry;
    }

    /** Samples every projection's position each second, for its events per second. */
    @Scheduled(initialDelay = 1000, fixedDelay = 1000)
    void sampleRates() {
        for (String name : NAMES) {
            try {
                rates.record(name, position(segments(name)));
            } catch (RuntimeException unavailable) {
                // the database is away (Spring's or Axon's exception): health reports it; the next sample resumes
            }
        }
    }

    /**
     * Once a replay has passed every event the log held when it began, builds the indexes it dropped again, on
     * threads of their own; until they are all back the projection is reported as replaying.
     */
    @Scheduled(initialDelay = 1000, fixedDelay = 250)
    void buildDeferredIndexes() {
        for (String name : NAMES) {
            try {
                if (deferredIndexes.pending(table(name))
                        && segments(name).stream().noneMatch(ProjectionStatus.Segment::replaying)) {
                    deferredIndexes.rebuildInBackground(table(name));
                }
            } catch (RuntimeException unavailable) {
                // the database is away: health reports it; the next check tries again
            }
        }
    }

    /** The table a projection keeps. */
    private static String table(String name) {
        return switch (name) {
            case UserProjection.PROCESSING_GROUP -> UserProjection.TABLE;
            default -> throw new UnknownProjection(name);
        };
    }

    /**
     * Waits, briefly, until the processor's launcher has handed every segment it can run to a worker that has
     * started. Axon 4.13's tracking processor shut down during that hand-over frees the last segment without
     * giving its thread back, and then runs one segment fewer for good, so a replay requested just after
     * start-up (as the replay command's own is) would never finish.
     */
    private void awaitWorkersStarted(TrackingEventProcessor processor, String name) {
        Map<Integer, EventTrackerStatus> firstSeen = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            Map<Integer, EventTrackerStatus> now = Map.copyOf(processor.processingStatus());
            now.forEach(firstSeen::putIfAbsent);
            boolean started = now.entrySet().stream().allMatch(segment -> segment.getValue().isCaughtUp()
                    || segment.getValue().isErrorState() || segment.getValue() != firstSeen.get(segment.getKey()));
            // segments no other process claims: this one's launcher takes them, as many as it has threads
            List<ProjectionProgress.SegmentToken> segments = progress.tokens(name);
            long free = segments.isEmpty() ? 1 : segments.stream()
                    .filter(segment -> segment.owner() == null || now.containsKey(segment.segment())).count();
            if (started && now.size() >= Math.min(processor.maxCapacity(), free)) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private TrackingEventProcessor processor(String name) {
        if (!NAMES.contains(name)) {
            throw new UnknownProjection(name);
        }
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor runs the " + name + " projection"));
    }

    private List<ProjectionStatus.Segment> segments(String name) {
        return progress.current(name).stream().map(segment -> new ProjectionStatus.Segment(segment.segment(),
                ProjectionStatus.positionOf(segment.token()), ProjectionStatus.replaying(segment.token()),
                segment.owner())).toList();
    }

    private static long position(List<ProjectionStatus.Segment> segments) {
        return segments.stream().mapToLong(ProjectionStatus.Segment::position).min().orElse(0);
    }

    private long head() {
        return ProjectionStatus.positionOf(eventLog.createHeadToken());
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> deadLetters(String name) {
        return processing.deadLetterQueue(name);
    }

    private String claimedByOthers(String name) {
        List<String> claims = progress.tokens(name).stream().filter(segment -> segment.owner() != null)
                .map(segment -> segment.segment() + " (" + segment.owner() + ")").toList();
        String which = claims.isEmpty() ? "a segment" : (claims.size() == 1 ? "segment " : "segments ")
                + String.join(", ", claims);
        return "Another query-side process claims " + which + " of the " + name + " projection, and a replay must"
                + " hold every segment. Ask the process that holds them all (POST /api/projections/" + name
                + "/replay to it, or ./accounts replay " + name + " with ACCOUNTS_QUERY_PORT set to its port), or stop"
                + " the other query-side processes and replay again; a process that stopped without releasing its"
                + " claim loses it after 10 seconds.";
    }
}
