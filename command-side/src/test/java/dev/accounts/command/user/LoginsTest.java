package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.accounts.command.CommandSideDatabases;
import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What a login for an email no account holds does: the same verification work as for an account, the same
 * answer, and the same lockout. (Logins of accounts run end to end in PostgresAuthIT.)
 */
class LoginsTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private Logins logins;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource dataSource = CommandSideDatabases.h2();
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null)) {
            @Override
            public boolean matches(CharSequence raw, String stored) {
                verifications.incrementAndGet();
                return super.matches(raw, stored);
            }
        };
        LoginProperties policy = new LoginProperties(5, Duration.ofMinutes(15));
        // no command is sent for an unknown email: the gateway is never reached
        logins = new Logins(null, new AccountClaims(new JdbcTemplate(dataSource)), hashing, new UnknownEmailLockouts(policy));
    }

    @Test
    void verifiesTheGivenPasswordAgainstADummyHashForAnUnknownEmail() {
        assertThatThrownBy(() -> logins.logIn("nobody@example.com", "some-password", null))
                .isInstanceOf(InvalidCredentials.class)
                .hasMessage(InvalidCredentials.MESSAGE);

        assertThat(verifications).hasValue(1);
    }

    @Test
    void locksAnUnknownEmailAfterFiveFailuresInAnyLetterCaseWithoutVerifyingAnyMore() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> logins.logIn("Nobody@example.com", "guess", null)).isInstanceOf(InvalidCredentials.class);
        }

        assertThatThrownBy(() -> logins.logIn("NOBODY@EXAMPLE.COM", "guess", null))
                .isInstanceOf(AccountLockedOut.class)
                .satisfies(locked -> assertThat(((AccountLockedOut) locked).retryAfter()).isPositive());
        assertThat(verifications).hasValue(5);
        assertThatThrownBy(() -> logins.logIn("somebody-else@example.com", "guess", null)).isInstanceOf(InvalidCredentials.class);
    }

    @Test
    void requiresEmailAndPassword() {
        assertThatThrownBy(() -> logins.logIn(" ", null, null))
                .isInstanceOf(InvalidAccount.class)
                .satisfies(invalid -> assertThat(((InvalidAccount) invalid).faults()).containsOnlyKeys("email", "password"));
        assertThat(verifications).hasValue(0);
    }
}
