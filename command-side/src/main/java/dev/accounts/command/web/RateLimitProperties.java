package dev.accounts.command.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client request limits on the anonymous routes that cost a password hash, bound from
 * {@code accounts.rate-limit.*}. A client is its remote address (behind a proxy, set
 * {@code server.forward-headers-strategy} so that it is the client's). Each route allows a burst of
 * {@code requests}, refilled evenly over {@code per}.
 *
 * @param enabled false switches every limit off (benchmarks from one address)
 * @param login {@code POST /api/auth/login} (default 10 a minute)
 * @param registration {@code POST /api/users} (default 5 a minute)
 */
@ConfigurationProperties("accounts.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Limit login,
        Limit registration) {

    public RateLimitProperties {
        login = login == null ? new Limit(10, Duration.ofMinutes(1)) : login;
        registration = registration == null ? new Limit(5, Duration.ofMinutes(1)) : registration;
    }

    /** A burst of {@code requests}, refilled evenly over {@code per}. */
    public record Limit(Integer requests, Duration per) {

        public Limit {
            requests = requests == null ? 10 : requests;
            per = per == null ? Duration.ofMinutes(1) : per;
            if (requests < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("accounts.rate-limit: requests must be at least 1 and per positive");
            }
        }
    }
}
