package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.accounts.command.CommandSideDatabases;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A registration's two claims go to PostgreSQL as one statement, which must still name every field that was taken
 * and, once its transaction rolls back, leave nothing ({@link UserTest} covers the embedded store's two inserts).
 */
class PostgresAccountClaimsIT {

    private JdbcTemplate jdbc;
    private AccountClaims claims;
    private TransactionTemplate transactions;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = CommandSideDatabases.postgres();
        jdbc = new JdbcTemplate(dataSource);
        claims = new AccountClaims(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transactions.executeWithoutResult(status -> claims.claim(UUID.randomUUID(), "ada@example.com", "ada"));
    }

    @Test
    void namesTheEmailWhenTheEmailIsTaken() {
        assertThat(refusedClaim("ADA@example.com", "countess").fields()).containsExactly("email");
    }

    @Test
    void namesTheUsernameWhenOnlyTheUsernameIsTaken() {
        assertThat(refusedClaim("lovelace@example.com", "ADA").fields()).containsExactly("username");
    }

    @Test
    void namesBothWhenBothAreTaken() {
        assertThat(refusedClaim("ada@EXAMPLE.com", "Ada").fields()).containsExactly("email", "username");
    }

    @Test
    void claimsBothInOneTransaction() {
        UUID grace = UUID.randomUUID();
        transactions.executeWithoutResult(status -> claims.claim(grace, "grace@example.com", "grace"));

        assertThat(claims.emailHolder("Grace@example.com").map(AccountClaims.EmailHolder::userId)).contains(grace);
        assertThat(claims.taken("grace@example.com", "GRACE")).containsExactly("email", "username");
    }

    private AlreadyTaken refusedClaim(String email, String username) {
        AlreadyTaken taken = catchThrowableOfType(AlreadyTaken.class, () -> transactions.executeWithoutResult(
                status -> claims.claim(UUID.randomUUID(), email, username)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_claim", Long.class))
                .as("only Ada's two claims, nothing of the refused one").isEqualTo(2);
        return taken;
    }
}
