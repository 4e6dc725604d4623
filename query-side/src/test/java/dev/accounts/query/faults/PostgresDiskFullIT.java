package dev.accounts.query.faults;

import dev.accounts.query.support.CommandSide;
import dev.accounts.query.support.ThrowawayPostgres;
import dev.accounts.testsupport.BootJar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The disk under the command side's tables full, with the real jar on a PostgreSQL server of the test's own whose
 * database lives in a tablespace on a small filesystem ({@value #DISK_MEGABYTES} MB; the write-ahead log stays on
 * the ordinary disk, so PostgreSQL itself keeps running). Another session fills it up; registrations then need
 * pages the disk cannot give (PostgreSQL's "could not extend file", SQLState 53100).
 *
 * <p>What holds: each registration is either acknowledged and stored, or answered {@code 503} with
 * {@code Retry-After} and nothing of it stored (no event without its claim, no claim or key without its event),
 * however far its transaction had got; once space is freed, the command side, never restarted, registers every
 * one of them on a retry under its Idempotency-Key, each once. Mounting the filesystem needs root, so this runs
 * only in {@code bench/faults.sh}.
 */
@Tag("faults")
@Tag("faults-only")
class PostgresDiskFullIT {

    static final int DISK_MEGABYTES = 32;
    private static final String SMALL_DISK = "small_disk";
    private static final String RUN = "disk-" + UUID.randomUUID().toString().substring(0, 6);
    /** Registrations sent one after another once the disk is full. */
    private static final int WHILE_FULL = 40;

    private static ThrowawayPostgres postgres;
    private static String url;
    private static CommandSide commandSide;
    private static JdbcClient db;

    @BeforeAll
    static void commandSideOnASmallDisk() {
        postgres = ThrowawayPostgres.start();
        postgres.createSmallTablespace(SMALL_DISK, DISK_MEGABYTES);
        url = postgres.createDatabase("accounts_faults");
        commandSide = CommandSide.start(url, postgres.user(), "");
        db = JdbcClient.create(new DriverManagerDataSource(url, postgres.user(), ""));
        // the command side's tables and indexes (the system catalogs stay where they are) move to the small disk
        db.sql("ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE " + SMALL_DISK).update();
        db.sql("ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE " + SMALL_DISK).update();
    }

    @AfterAll
    static void stopEverything() {
        BootJar.stopAll(commandSide, postgres);
    }

    @Test
    void aFullDiskIsA503ThatStoresNothingAndRegistrationsGoOnOnceThereIsSpace() throws SQLException {
        FaultReport report = new FaultReport("disk-full", "the disk under the command side's tables (a " + DISK_MEGABYTES
                + " MB tablespace) filled up by another session; " + WHILE_FULL + " registrations sent one by one; "
                + "then the space freed");
        Ledger ledger = new Ledger();
        RegistrationClient client = new RegistrationClient(commandSide.api(), ledger);
        List<Registration> before = IntStream.range(0, 10).mapToObj(n -> Registration.numbered(RUN, n)).toList();
        before.forEach(client::register);

        long filled = fillTheDisk();
        List<Answer> whileFull = IntStream.range(10, 10 + WHILE_FULL)
                .mapToObj(n -> client.register(Registration.numbered(RUN, n))).toList();
        report.count("filler written until the disk was full (MB)", filled / (1024 * 1024))
                .count("answers while full, in order", inOrder(whileFull))
                .check(whileFull.stream().anyMatch(answer -> answer.outcome() == Outcome.UNAVAILABLE),
                        "no registration met the full disk")
                .check(whileFull.stream().allMatch(answer -> answer.outcome() == Outcome.ACKNOWLEDGED
                                || answer.outcome() == Outcome.UNAVAILABLE && "1".equals(answer.retryAfter())
                                && "/problems/unavailable".equals(answer.problemType())),
                        "a registration while full was answered neither 201 nor 503 with Retry-After");

        Reckoning.errorsStoredNothing(report, ledger, StoreAudit.read(db, RUN, false));
        db.sql("DROP TABLE filler").update();
        report.count("retried under the same key once space was freed", client.retryUnacknowledged(Duration.ofSeconds(30)))
                .zero("acknowledged registrations answered differently when resent", client.resendAcknowledged());
        Reckoning.acknowledgedWritesKept(report, ledger, StoreAudit.read(db, RUN, false), false);
        report.publishAndAssert();
    }

    /** Runs of equal answers, in order: "3 × 201, 37 × 503". */
    private static String inOrder(List<Answer> answers) {
        List<String> runs = new ArrayList<>();
        String label = null;
        int count = 0;
        for (Answer answer : answers) {
            if (!answer.label().equals(label) && count > 0) {
                runs.add(count + " × " + label);
                count = 0;
            }
            label = answer.label();
            count++;
        }
        if (count > 0) {
            runs.add(count + " × " + label);
        }
        return String.join(", ", runs);
    }

    /** Another session writes a table in the same tablespace until the disk has no room left; bytes written. */
    private static long fillTheDisk() throws SQLException {
        try (Connection other = DriverManager.getConnection(url, postgres.user(), "");
             Statement statement = other.createStatement()) {
            statement.execute("CREATE TABLE filler (bytes TEXT) TABLESPACE " + SMALL_DISK);
            // rows just under PostgreSQL's 2 kB compression threshold, stored as they are; each insert (2 MB) its own
            // transaction: the one that meets the full disk fails, the others stay
            try {
                while (true) {
                    statement.execute("INSERT INTO filler SELECT repeat('x', 1900) FROM generate_series(1, 1000)");
                }
            } catch (SQLException full) {
                if (!"53100".equals(full.getSQLState())) {
                    throw full;
                }
            }
            return db.sql("SELECT pg_total_relation_size('filler')").query(Long.class).single();
        }
    }
}
