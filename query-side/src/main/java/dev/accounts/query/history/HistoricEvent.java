package dev.accounts.query.history;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.accounts.events.UserEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One public event of the log as the audit trail shows it, in a user's history and in the export alike: its log
 * position and identifier, its type (the class's simple name) and revision, when it happened, the audit metadata
 * (only the keys of {@link EventHistory#METADATA_KEYS} the event has) and the payload in its public JSON form.
 */
@JsonPropertyOrder({"position", "event_id", "type", "revision", "time", "metadata", "payload"})
public record HistoricEvent(
        @JsonProperty("position") long position,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("type") String type,
        @JsonProperty("revision") String revision,
        @JsonProperty("time") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant time,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("payload") UserEvent payload) {

    /** The account the event is about. */
    @JsonIgnore
    public UUID userId() {
        return payload.userId();
    }

    /** The event as the export and the feed show it: its {@code user_id} first, then what a history shows. */
    public ObjectNode withUserId(JsonMapper json) {
        ObjectNode node = json.createObjectNode().put("user_id", userId().toString());
        node.setAll((ObjectNode) json.valueToTree(this));
        return node;
    }
}
