package dev.accounts.query.history;

import java.util.List;

/**
 * A page of the event feed: public events in log order, and where the next page starts. {@code nextAfter} is the
 * last event's position when the page is full; otherwise the safe position the log was read to, which may lie
 * beyond the last event (later positions held only internal events) and is never past a position that may still
 * commit. Reading again from {@code nextAfter} misses nothing and repeats nothing.
 */
public record FeedPage(List<HistoricEvent> events, long nextAfter) {
}
