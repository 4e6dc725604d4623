package dev.accounts.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.accounts.events.EventRevision;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How a record becomes a schema: JSON names and order, formats, and which properties are required. */
class EventSchemasTest {

    @EventRevision("3")
    @JsonPropertyOrder({"user_id", "seen_at", "nickname"})
    record Sample(@JsonProperty("user_id") UUID userId,
                  @JsonProperty("nickname") @JsonInclude(JsonInclude.Include.NON_NULL) String nickname,
                  @JsonProperty("seen_at") Instant seenAt) {
    }

    @Test
    void describesTheJsonAsJacksonWritesIt() {
        JsonNode schema = EventSchemas.generate(Sample.class);

        assertThat(schema.path("properties").propertyNames()).containsExactly("user_id", "seen_at", "nickname");
        assertThat(schema.at("/properties/user_id/format").asString()).isEqualTo("uuid");
        assertThat(schema.at("/properties/seen_at/format").asString()).isEqualTo("date-time");
        assertThat(schema.path("title").asString()).isEqualTo("Sample");
        assertThat(EventSchemas.fileName(Sample.class)).isEqualTo("Sample.v3.schema.json");
    }

    @Test
    void aPropertyLeftOutWhenEmptyIsOptional() {
        JsonNode schema = EventSchemas.generate(Sample.class);

        assertThat(schema.path("required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("user_id", "seen_at");
    }
}
