package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.QuerySide;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Several processes of each side on one PostgreSQL, without Axon Server: two command sides and two query sides,
 * all from their real jars. The same emails are sent to both command sides at the same moment, in different
 * letter cases and with different usernames: exactly one registration of each email wins, whichever process
 * took it, and only the winners are in the event log. Both query sides then serve the same complete table:
 * every winner once, no loser. Access tokens signed by either command side verify on either query side,
 * because the signing key is shared through the database.
 */
class PostgresTwoByTwoIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Emails registered twice at once, one per command side (the query side's largest page holds them all). */
    private static final int EMAILS = 100;

    private static CommandSide commandA;
    private static CommandSide commandB;
    private static BootJar queryA;
    private static BootJar queryB;
    private static SingleConnectionDataSource dataSource;
    private static JdbcClient db;

    @BeforeAll
    static void twoOfEachSideOnOneDatabase() {
        String url = TestDatabases.freshPostgres();
        commandA = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        commandB = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
        // each query side verifies tokens with the keys the other command side publishes
        queryA = startQuerySide("query-a", url, commandB).awaitHealthy(Duration.ofSeconds(90));
        queryB = startQuerySide("query-b", url, commandA).awaitHealthy(Duration.ofSeconds(90));
        dataSource = new SingleConnectionDataSource(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), true);
        db = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(queryB, queryA, commandB, commandA);
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void eachEmailSentToBothCommandSidesAtOnceWinsOnceAndBothQuerySidesServeTheCompleteTable() throws Exception {
        List<Race> races = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int n = 0; n < EMAILS; n++) {
                int i = n;
                String email = "twice." + i + "." + RUN + "@example.com";
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Api.Response> a = clients.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return commandA.register(email, "a-" + i + "-" + RUN, PASSWORD, "Via", "A");
                });
                Future<Api.Response> b = clients.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return commandB.register(email.toUpperCase(Locale.ROOT), "b-" + i + "-" + RUN, PASSWORD, "Via", "B");
                });
                races.add(new Race(email, a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)));
            }
        } finally {
            clients.shutdownNow();
        }

        Set<String> winners = new HashSet<>();
        long newestPosition = 0;
        int wonByA = 0;
        for (Race race : races) {
            List<Api.Response> answers = List.of(race.a(), race.b());
            assertThat(answers).as("answers for %s", race.email()).extracting(Api.Response::status)
                    .containsExactlyInAnyOrder(201, 409);
            Api.Response won = race.a().status() == 201 ? race.a() : race.b();
            Api.Response lost = won == race.a() ? race.b() : race.a();
            wonByA += won == race.a() ? 1 : 0;
            assertThat(lost.json().get("errors").get("email").get(0).asString())
                    .isEqualTo("A user with that email already exists.");
            winners.add(won.json().get("id").asString());
            newestPosition = Math.max(newestPosition, Long.parseLong(won.header("X-Event-Position")));
        }
        System.out.println("Of " + EMAILS + " emails sent to both command sides at once, command side A won " + wonByA
                + " and B " + (EMAILS - wonByA));
        assertThat(winners).hasSize(EMAILS);
        assertThat(db.sql("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = 'dev.accounts.events.UserRegistered'"
                        + " AND convert_from(payload, 'UTF8') ILIKE ?").param("%\"twice.%").query(Long.class).single())
                .as("registrations in the log: the winners' only").isEqualTo(EMAILS);

        // a superuser created from the command line against the same database, logged in on command side B
        Process createSuperuser = commandA.createSuperuser("root." + RUN + "@example.com", "root-" + RUN, PASSWORD);
        assertThat(createSuperuser.waitFor(90, TimeUnit.SECONDS)).as("createsuperuser finished").isTrue();
        assertThat(createSuperuser.exitValue()).isZero();
        Api.Response login = commandB.api().postJson("/api/auth/login",
                Api.JSON.createObjectNode().put("email", "root." + RUN + "@example.com").put("password", PASSWORD).toString());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String staff = "Bearer " + login.json().get("access").asString();

        for (BootJar querySide : List.of(queryA, queryB)) {
            Api.Response page = querySide.api().get("/api/users?search=twice.&page_size=" + EMAILS + "&ordering=email",
                    "Authorization", staff, "X-Min-Position", Long.toString(newestPosition));
            assertThat(page.status()).as(querySide.name() + ": " + page.body()).isEqualTo(200);
            assertThat(page.json().get("count").asLong()).as(querySide.name() + " count").isEqualTo(EMAILS);
            Set<String> listed = new HashSet<>();
            for (JsonNode user : page.json().get("results")) {
                listed.add(user.get("id").asString());
            }
            assertThat(listed).as(querySide.name() + " lists exactly the winners").isEqualTo(winners);
        }
    }

    /**
     * Each command side keeps the accounts its logins use in memory. A password changed through one must still
     * refuse the old password on the other, which had the account in memory from a login just before (unless the
     * garbage collector took it out since): the login's email lookup finds the account newer in the log than the
     * copy, which is then read afresh ({@code PostgresStaleAccountIT} holds the copy in memory on purpose).
     */
    @Test
    void aPasswordChangedThroughOneCommandSideIsRefusedByTheOtherThatHadTheAccountInMemory() {
        String email = "moved." + RUN + "@example.com";
        String newPassword = "Another-" + PASSWORD;
        Api.Response registered = commandA.api().postJson("/api/users", Api.JSON.createObjectNode().put("email", email)
                .put("username", "moved-" + RUN).put("password", PASSWORD).toString());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Api.Response onA = logIn(commandA, email, PASSWORD);
        assertThat(onA.status()).as(onA.body()).isEqualTo(200);

        Api.Response changed = commandB.api().postJson("/api/users/" + registered.json().get("id").asString() + "/password",
                Api.JSON.createObjectNode().put("old_password", PASSWORD).put("new_password", newPassword).toString(),
                "Authorization", "Bearer " + onA.json().get("access").asString());
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);

        Api.Response stale = logIn(commandA, email, PASSWORD);
        assertThat(stale.status()).as("the old password on A: " + stale.body()).isEqualTo(401);
        Api.Response again = logIn(commandA, email, PASSWORD);
        assertThat(again.status()).as("the old password on A again: " + again.body()).isEqualTo(401);
        Api.Response fresh = logIn(commandA, email, newPassword);
        assertThat(fresh.status()).as("the new password on A: " + fresh.body()).isEqualTo(200);
    }

    private static Api.Response logIn(CommandSide commandSide, String email, String password) {
        return commandSide.api().postJson("/api/auth/login",
                Api.JSON.createObjectNode().put("email", email).put("password", password).toString());
    }

    private record Race(String email, Api.Response a, Api.Response b) {
    }

    private static BootJar startQuerySide(String name, String url, CommandSide keys) {
        return QuerySide.launch(name, url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                keys.api().base(), Map.of());
    }
}
