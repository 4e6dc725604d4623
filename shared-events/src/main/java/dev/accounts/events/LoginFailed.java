package dev.accounts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/**
 * A login to this account was refused. {@code reason} is {@code wrong_password}, or {@code inactive} when
 * the password was right but the account is deactivated; {@code consecutive_failures} counts wrong passwords
 * since the last successful login or lockout (unchanged for {@code inactive}). The password tried is never recorded.
 *
 * <p>JSON form, revision 1:
 * <pre>{"user_id":"…","reason":"wrong_password","consecutive_failures":3}</pre>
 */
@EventRevision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user_id", "reason", "consecutive_failures"})
public record LoginFailed(
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("reason") String reason,
        @JsonProperty("consecutive_failures") int consecutiveFailures) implements UserEvent {
}
