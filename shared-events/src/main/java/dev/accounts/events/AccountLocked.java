package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Too many consecutive wrong passwords: logins to this account are refused until {@code locked_until}
 * (ISO-8601, UTC); the count of failures then starts again from zero.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","locked_until":"2026-01-02T03:04:05Z"}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "locked_until"})
public record AccountLocked(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("locked_until") Instant lockedUntil) implements UserEvent {
}
