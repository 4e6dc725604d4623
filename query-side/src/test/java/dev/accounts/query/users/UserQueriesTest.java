package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.UserRegistered;
import dev.accounts.query.log.RecentPositions;
import dev.accounts.query.support.EventLog;
import dev.accounts.query.users.UserSearch.Field;
import dev.accounts.query.users.UserSearch.Order;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Search, filters, ordering and pages over the users table (H2 here; PostgreSQL in PostgresEndToEndIT). */
class UserQueriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static JdbcClient jdbc;
    private static UserQueries users;
    private static long position;

    @BeforeAll
    static void seed() {
        DataSource dataSource = EventLog.migratedInMemoryH2();
        jdbc = JdbcClient.create(dataSource);
        users = new UserQueries(jdbc);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        UserProjection projection = new UserProjection(template, EventLog.SCHEMA, transactions,
                new DeferredIndexes(template, dataSource, transactions), new RecentPositions());
        register(projection, "ada@example.com", "ada", "Ada", "Lovelace");
        register(projection, "grace@navy.mil", "grace", "Grace", "Hopper");
        register(projection, "alan@example.org", "alan_t", "Alan", "Turing");
        register(projection, "alanxt@example.org", "alanxt", "Alan", "Kay");
        projection.on(new SuperuserCreated(UUID.randomUUID(), "root@example.com", "root", "", ""),
                T0.plusSeconds(++position), EventLog.append(jdbc, ++position));
    }

    private static void register(UserProjection projection, String email, String username, String first, String last) {
        projection.on(new UserRegistered(UUID.randomUUID(), email, username, first, last), T0.plusSeconds(++position),
                EventLog.append(jdbc, ++position));
    }

    private static UserSearch search(String... terms) {
        return new UserSearch(List.of(terms), null, null, null, List.of(), 1, 20);
    }

    private static List<String> usernames(UserSearch search) {
        return users.search(search).users().stream().map(User::username).toList();
    }

    @Test
    void searchesEmailUsernameAndNamesInAnyLetterCase() {
        assertThat(usernames(search("LOVELACE"))).containsExactly("ada");
        assertThat(usernames(search("Navy"))).containsExactly("grace");
        assertThat(usernames(search("ROO"))).containsExactly("root");
        assertThat(usernames(search("alan"))).containsExactly("alan_t", "alanxt");
    }

    @Test
    void requiresEverySearchTermToMatch() {
        assertThat(usernames(search("alan", "kay"))).containsExactly("alanxt");
        assertThat(usernames(search("alan", "hopper"))).isEmpty();
    }

    @Test
    void treatsLikeWildcardsInASearchAsPlainCharacters() {
        assertThat(usernames(search("alan_"))).containsExactly("alan_t");
        assertThat(usernames(search("%"))).isEmpty();
    }

    @Test
    void filtersByFlags() {
        assertThat(usernames(new UserSearch(List.of(), null, true, null, List.of(), 1, 20))).containsExactly("root");
        assertThat(usernames(new UserSearch(List.of(), true, false, false, List.of(), 1, 20)))
                .containsExactly("ada", "grace", "alan_t", "alanxt");
        assertThat(usernames(new UserSearch(List.of(), false, null, null, List.of(), 1, 20))).isEmpty();
    }

    @Test
    void ordersByAnyColumnEitherWayAndBreaksTiesById() {
        assertThat(usernames(new UserSearch(List.of(), null, null, null, List.of(new Order(Field.USERNAME, true)), 1, 20)))
                .containsExactly("root", "grace", "alanxt", "alan_t", "ada");
        assertThat(usernames(new UserSearch(List.of(), null, null, null,
                List.of(new Order(Field.FIRST_NAME, false), new Order(Field.LAST_NAME, true)), 1, 20)))
                .containsExactly("root", "ada", "alan_t", "alanxt", "grace");

        List<User> byLastLogin = users.search(new UserSearch(List.of(), null, null, null,
                List.of(new Order(Field.LAST_LOGIN, true)), 1, 20)).users();
        // no one has logged in yet: the id alone orders them (databases compare UUIDs as their text does)
        assertThat(byLastLogin).extracting(user -> user.id().toString()).isSorted();
    }

    @Test
    void ordersOldestFirstByDefault() {
        assertThat(usernames(search())).containsExactly("ada", "grace", "alan_t", "alanxt", "root");
    }

    @Test
    void pagesThroughTheResultsWithTheTotalCount() {
        UserQueries.Page second = users.search(new UserSearch(List.of(), null, null, null, List.of(), 2, 2));
        UserQueries.Page last = users.search(new UserSearch(List.of(), null, null, null, List.of(), 3, 2));
        UserQueries.Page beyond = users.search(new UserSearch(List.of(), null, null, null, List.of(), 4, 2));

        assertThat(second.count()).isEqualTo(5);
        assertThat(second.users()).extracting(User::username).containsExactly("alan_t", "alanxt");
        assertThat(last.users()).extracting(User::username).containsExactly("root");
        assertThat(beyond.count()).isEqualTo(5);
        assertThat(beyond.users()).isEmpty();
    }
}
