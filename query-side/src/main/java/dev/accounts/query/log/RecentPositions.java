package dev.accounts.query.log;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The log positions of the events this process has read from the log lately, by event identifier: a projection
 * stores an event's position with the row it writes, and finds it here instead of looking it up in the log (a
 * random read of the event table for every event, which was most of a replay's database time once the read-only
 * indexes were out of its way).
 *
 * <p>{@link TailingStorageEngine} records each event it reads; a processor handles an event within a few thousand
 * events of its read, and this keeps the last {@value #GENERATION} to {@code 2 ×} {@value #GENERATION} of them. An
 * event not found here (read long ago, or by another route) is simply looked up in the log as before: the position
 * is a fact of the log, so either answer is the same.
 */
@Component
public final class RecentPositions {

    /** Events kept per generation: the current one fills up, then replaces the previous one. */
    static final int GENERATION = 20_000;

    private volatile Map<String, Long> current = new ConcurrentHashMap<>();
    private volatile Map<String, Long> previous = Map.of();

    /** Notes the position of an event just read from the log. */
    public void record(String eventIdentifier, long position) {
        Map<String, Long> filling = current;
        filling.put(eventIdentifier, position);
        if (filling.size() >= GENERATION) {
            synchronized (this) {
                if (current == filling) {
                    previous = filling;
                    current = new ConcurrentHashMap<>();
                }
            }
        }
    }

    /** The position of a recently read event, or empty when it is not (or no longer) known here. */
    public OptionalLong of(String eventIdentifier) {
        Long position = current.get(eventIdentifier);
        if (position == null) {
            position = previous.get(eventIdentifier);
        }
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }
}
