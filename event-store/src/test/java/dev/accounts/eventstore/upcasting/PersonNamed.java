package dev.accounts.eventstore.upcasting;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.accounts.events.EventRevision;
import java.util.UUID;

/**
 * A test-only event that made a breaking change: revision 1 was {@code {"user_id", "full_name"}}, revision 2 splits
 * the name. Events stored at revision 1 load through {@link PersonNamedUpcasters#fullNameSplit()}.
 */
@EventRevision("2")
@JsonPropertyOrder({"user_id", "first_name", "last_name"})
public record PersonNamed(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) {
}
