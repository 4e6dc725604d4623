package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.CommandSideDatabases;
import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserRegistered;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every command path of the User aggregate. Claims live in a real (in-memory H2) database migrated
 * by the command side's own migrations; the fixture supplies the event store.
 */
class UserTest {

    private static final String HASH = "pbkdf2_sha256$1000$salt$aGFzaA==";

    private AggregateTestFixture<User> fixture;
    private AccountClaims claims;
    private SuperuserSeats seats;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        DriverManagerDataSource dataSource = CommandSideDatabases.h2();
        claims = new AccountClaims(new JdbcTemplate(dataSource));
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(claims);
        seats = new SuperuserSeats(JdbcClient.create(dataSource));
        fixture.registerInjectableResource(seats);
    }

    private static AccountDetails ada() {
        return new AccountDetails("Ada@example.com", "ada", "Ada", "Lovelace");
    }

    @Test
    void registersAUserAndKeepsTheHashInAnInternalEvent() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, ada(), HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserRegistered(id, "Ada@example.com", "ada", "Ada", "Lovelace"),
                        new PasswordSet(id, HASH));
    }

    @Test
    void createsASuperuser() {
        fixture.givenNoPriorActivity()
                .when(new CreateSuperuser(id, new AccountDetails("root@example.com", "root", "", ""), HASH))
                .expectEvents(new SuperuserCreated(id, "root@example.com", "root", "", ""), new PasswordSet(id, HASH));
    }

    @Test
    void aNewSuperuserTakesASeatAndARegistrationDoesNot() {
        fixture.givenNoPriorActivity().when(new CreateSuperuser(id, new AccountDetails("root@example.com", "root", "", ""), HASH))
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity().when(new RegisterUser(UUID.randomUUID(), ada(), HASH))
                .expectSuccessfulHandlerExecution();

        assertThat(seats.count()).isEqualTo(1);
    }

    @Test
    void claimsTheEmailAndUsernameOfANewAccount() {
        fixture.givenNoPriorActivity().when(new RegisterUser(id, ada(), HASH)).expectSuccessfulHandlerExecution();

        assertThat(claims.taken("ADA@EXAMPLE.COM", "ADA")).containsExactly("email", "username");
    }

    @Test
    void rejectsEmailAlreadyTakenInOtherCase() {
        claims.claim(UUID.randomUUID(), "ADA@example.com", "someone");

        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, ada(), HASH))
                .expectException(AlreadyTaken.class)
                .expectExceptionMessage("Already taken: email")
                .expectNoEvents();
    }

    @Test
    void rejectsUsernameAlreadyTakenInOtherCase() {
        claims.claim(UUID.randomUUID(), "other@example.com", "ADA");

        fixture.givenNoPriorActivity()
                .when(new CreateSuperuser(id, ada(), HASH))
                .expectException(AlreadyTaken.class)
                .expectExceptionMessage("Already taken: username")
                .expectNoEvents();
    }

    @Test
    void rejectsAnInvalidEmail() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, new AccountDetails("ada@", "ada", "", ""), HASH))
                .expectException(InvalidAccount.class)
                .expectNoEvents();
        assertThat(claims.taken("ada@", "ada")).isEmpty();
    }

    @Test
    void rejectsAUsernameWithASpace() {
        fixture.givenNoPriorActivity()
                .when(new CreateSuperuser(id, new AccountDetails("ada@example.com", "ada lovelace", "", ""), HASH))
                .expectException(InvalidAccount.class)
                .expectNoEvents();
    }

    @Test
    void rejectsANameOver150Characters() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, new AccountDetails("ada@example.com", "ada", "A".repeat(151), ""), HASH))
                .expectException(InvalidAccount.class)
                .expectNoEvents();
    }

    @Test
    void rejectsDetailsThatWereNotNormalised() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, new AccountDetails(" ada@EXAMPLE.com", "ada", "", ""), HASH))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void rejectsAnAccountWithoutPasswordHash() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(id, ada(), " "))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void neverShowsTheHashInACommandOrEventDescription() {
        assertThat(new RegisterUser(id, ada(), HASH).toString()).doesNotContain(HASH);
        assertThat(new CreateSuperuser(id, ada(), HASH).toString()).doesNotContain(HASH);
        assertThat(new PasswordSet(id, HASH).toString()).doesNotContain(HASH);
    }
}
