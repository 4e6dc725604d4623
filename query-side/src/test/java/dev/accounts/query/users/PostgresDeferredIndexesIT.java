package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.Migrations;
import dev.accounts.testsupport.TestDatabases;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users table's read-only indexes set aside for a replay and built again, on a PostgreSQL database of its own
 * migrated as the query side migrates it: the same indexes come back, byte for byte as PostgreSQL describes them,
 * whether the replay finishes or its process stops first and the next start's migrations find them missing.
 */
class PostgresDeferredIndexesIT {

    private static final String INDEXES = "SELECT indexname || ': ' || indexdef FROM pg_indexes"
            + " WHERE tablename = 'users' ORDER BY indexname";

    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;
    private DeferredIndexes indexes;
    private List<String> migrated;

    @BeforeEach
    void database() {
        String url = TestDatabases.freshPostgres();
        dataSource = new DriverManagerDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        Migrations.migrateCommandSide(dataSource, "postgresql");
        migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        indexes = new DeferredIndexes(jdbc, dataSource, transactions);
        migrated = jdbc.queryForList(INDEXES, String.class);
        jdbc.update("""
                INSERT INTO users (id, email, email_domain, username, is_active, is_staff, is_superuser, date_joined,
                                   last_event_position)
                SELECT gen_random_uuid(), 'user' || i || '@example.com', 'example.com', 'user' || i, true, false, false,
                       now(), i
                FROM generate_series(1, 500) AS i
                """);
    }

    /** The query side's migrations (and any others), with the callback its Flyway runs them with. */
    private void migrate(String... moreLocations) {
        String[] locations = new String[moreLocations.length + 1];
        locations[0] = "classpath:db/query/postgresql";
        System.arraycopy(moreLocations, 0, locations, 1, moreLocations.length);
        Flyway.configure().dataSource(dataSource).locations(locations)
                .table("query_side_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .callbacks(new BuildDeferredIndexesBeforeMigrating()).load().migrate();
    }

    private void resetForAReplay() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            indexes.setAside("users");
            indexes.empty("users");
        });
    }

    @Test
    void aReplaySetsAsideEveryIndexButThePrimaryKeyAndKeepsTheirDefinitions() {
        assertThat(migrated).hasSize(12).anyMatch(index -> index.contains("USING gin"));

        resetForAReplay();

        assertThat(jdbc.queryForList(INDEXES, String.class)).containsExactly(
                "users_pkey: CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deferred_index WHERE table_name = 'users'", Long.class))
                .isEqualTo(11);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isZero();
        assertThat(indexes.pending("users")).isTrue();
    }

    @Test
    void onceBuiltAgainTheTableHasExactlyTheIndexesItsMigrationsMadeAndNothingIsPending() {
        resetForAReplay();

        indexes.rebuild("users");

        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(migrated);
        assertThat(indexes.pending("users")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deferred_index", Long.class)).isZero();
    }

    @Test
    void aSecondReplayBeforeTheIndexesAreBackLosesNoDefinition() {
        resetForAReplay();
        jdbc.execute(DeferredIndexes.createIfAbsent(jdbc.queryForObject(
                "SELECT definition FROM deferred_index WHERE index_name = 'users_email_idx'", String.class)));
        jdbc.update("DELETE FROM deferred_index WHERE index_name = 'users_email_idx'");

        resetForAReplay();
        indexes.rebuild("users");

        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(migrated);
    }

    @Test
    void aStartWithNoMigrationToRunLeavesAReplayInProgressAlone() {
        resetForAReplay();

        migrate();

        assertThat(indexes.pending("users")).isTrue();
        assertThat(jdbc.queryForList(INDEXES, String.class)).hasSize(1);
    }

    @Test
    void indexesLeftAsideAreBuiltBeforeALaterMigrationThatNeedsThem() {
        resetForAReplay();

        // a later migration that names an index the replay dropped
        migrate("classpath:db/query/later");

        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(migrated);
        assertThat(indexes.pending("users")).isFalse();
        assertThat(jdbc.queryForObject("SELECT obj_description('users_email_idx'::regclass, 'pg_class')", String.class))
                .isEqualTo("lookups by email");
    }

    @Test
    void aRebuildInTheBackgroundEndsWithNothingPending() {
        resetForAReplay();

        indexes.rebuildInBackground("users");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !indexes.pending("users"));
        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(migrated);
    }
}
