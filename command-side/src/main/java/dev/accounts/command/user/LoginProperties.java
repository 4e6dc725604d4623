package dev.accounts.command.user;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lockout after wrong passwords, bound from {@code accounts.login.*}.
 *
 * @param maxFailures consecutive wrong passwords that lock the account (default 5)
 * @param lockout how long a locked account refuses logins (default 15 minutes)
 */
@ConfigurationProperties("accounts.login")
public record LoginProperties(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockout) {

    public LoginProperties {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("accounts.login.max-failures must be at least 1, not " + maxFailures);
        }
        if (lockout == null || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("accounts.login.lockout must be a positive duration");
        }
    }
}
