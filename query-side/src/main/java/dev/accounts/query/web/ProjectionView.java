package dev.accounts.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.query.projections.ProjectionStatus;
import java.util.List;

/** A projection as {@code GET /api/projections} shows it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ProjectionView(
        @JsonProperty("name") String name,
        @JsonProperty("position") long position,
        @JsonProperty("head") long head,
        @JsonProperty("lag") long lag,
        @JsonProperty("replaying") boolean replaying,
        @JsonProperty("events_per_second") double eventsPerSecond,
        @JsonProperty("dead_letters") long deadLetters,
        @JsonProperty("segments") List<SegmentView> segments) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SegmentView(
            @JsonProperty("segment") int segment,
            @JsonProperty("position") long position,
            @JsonProperty("replaying") boolean replaying,
            @JsonProperty("owner") String owner) {
    }

    /** Every projection, in an object so that the answer can grow. */
    record ListView(@JsonProperty("projections") List<ProjectionView> projections) {
    }

    static ProjectionView of(ProjectionStatus status) {
        return new ProjectionView(status.name(), status.position(), status.head(), status.lag(), status.replaying(),
                Math.round(status.eventsPerSecond() * 10) / 10.0, status.deadLetters(),
                status.segments().stream().map(segment -> new SegmentView(segment.segment(), segment.position(),
                        segment.replaying(), segment.owner())).toList());
    }
}
