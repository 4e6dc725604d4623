package dev.accounts.query.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.query.history.HistoricEvent;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/users/{id}/history}: every public event of one user, in log order. */
record HistoryView(@JsonProperty("user_id") UUID userId, @JsonProperty("events") List<HistoricEvent> events) {
}
