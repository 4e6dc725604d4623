package dev.accounts.query.users;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A projection table's secondary indexes, dropped while a replay rebuilds the table from empty and built again
 * once the replay has caught up with the log. PostgreSQL builds an index over a finished table several times
 * faster than it keeps one up to date row by row: a million accounts inserted with the users table's twelve
 * indexes took 31 s, with the primary key alone 3.7 s, and the eleven others then took 11 s to build.
 *
 * <p>Only non-unique indexes that back no constraint are set aside: they never change what a write does, only how
 * fast a read finds rows, so reads during a replay are still right, if slower (they already say a replay is
 * running). Each dropped index's definition, as PostgreSQL describes it, is kept in {@code deferred_index} in the
 * transaction that resets the processor's tokens, so the drop, the emptied table and the replay's start commit
 * together, and a process that stops before the indexes are back leaves their definitions for the next one.
 *
 * <p>Building one again runs in a transaction of its own, which locks the definition's row ({@code SKIP LOCKED}:
 * two processes never build the same index) and deletes it once the index is built; a plain {@code CREATE INDEX}
 * lets reads go on and holds the projection's writes until it is done (seconds for a million rows: the
 * projection is behind for that long after the replay, rather than the replay taking twice as long with
 * {@code CONCURRENTLY}). Two build at once. A build that fails is tried again after
 * {@code RETRY_AFTER_FAILURE}, and the replay is reported as running until it succeeds.
 *
 * <p>Dropping the indexes and emptying the table take the table's exclusive lock until the reset commits: reads
 * wait for that instant (and for any long read that holds the table when the reset begins).
 *
 * <p>H2 (the embedded store) keeps every index through a replay: its tables are small.
 */
@Component
public class DeferredIndexes {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexes.class);
    private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE INDEX ");
    /** Indexes built at once; PostgreSQL builds a GIN index on one core, so two keep two cores busy. */
    private static final int BUILDERS = 2;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final boolean postgres;
    private final AtomicBoolean building = new AtomicBoolean();
    /** After a build failed, no new one starts before this {@link System#nanoTime()}. */
    private volatile long notBefore = System.nanoTime();

    public DeferredIndexes(JdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.postgres = isPostgres(dataSource);
    }

    /** Whether the data source is a PostgreSQL database. */
    static boolean isPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException unknown) {
            return false;
        }
    }

    /**
     * Drops the table's secondary indexes and keeps their definitions, in the caller's transaction (a replay's
     * reset). Definitions already kept by an earlier replay that never finished stay as they are.
     */
    void setAside(String table) {
        if (!postgres) {
            return;
        }
        List<Index> indexes = jdbc.query("""
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = ?::regclass AND NOT i.indisunique AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """, (row, n) -> new Index(row.getString(1), row.getString(2)), table);
        for (Index index : indexes) {
            jdbc.update("INSERT INTO deferred_index (index_name, table_name, definition) VALUES (?, ?, ?)"
                    + " ON CONFLICT (index_name) DO NOTHING", index.name(), table, index.definition());
            jdbc.execute("DROP INDEX " + index.name());
        }
        if (!indexes.isEmpty()) {
            log.info("Dropped {} indexes of the {} table for the replay; they are built again once it has caught up",
                    indexes.size(), table);
        }
    }

    /**
     * Deletes every row of the table, in the caller's transaction: on PostgreSQL by {@code TRUNCATE}, which
     * frees the old rows' space at once instead of leaving a million dead rows for vacuum to find.
     */
    void empty(String table) {
        jdbc.execute((postgres ? "TRUNCATE " : "DELETE FROM ") + table);
    }

    /** Whether some index of the table has been set aside and is not built yet. */
    public boolean pending(String table) {
        return postgres && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM deferred_index WHERE table_name = ?)", Boolean.class, table));
    }

    /**
     * Builds the table's set-aside indexes again on threads of its own, and returns at once; a call while a
     * build runs does nothing. {@link #pending} stays true until the last one is built.
     */
    public void rebuildInBackground(String table) {
        if (!postgres || System.nanoTime() - notBefore < 0 || !building.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                rebuild(table);
            } catch (RuntimeException failed) {
                // the database away, or a definition it refuses (an extension gone): the replay is reported as
                // running until an operator sees to it, and the next attempt comes after a pause, not at once
                notBefore = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
                log.warn("Could not build the {} table's indexes again; trying again in {} s: {}", table,
                        RETRY_AFTER_FAILURE.toSeconds(), NestedExceptionUtils.getMostSpecificCause(failed).toString());
            } finally {
                building.set(false);
            }
        }, "deferred-indexes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Builds the table's set-aside indexes, {@value #BUILDERS} at a time, GIN indexes (the slowest) first. */
    void rebuild(String table) {
        List<String> names = jdbc.queryForList("SELECT index_name FROM deferred_index WHERE table_name = ?"
                + " ORDER BY definition LIKE '% USING gin %' DESC, index_name", String.class, table);
        if (names.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService builders = Executors.newFixedThreadPool(BUILDERS, work -> {
            Thread thread = new Thread(work, "deferred-index-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Boolean>> builds = new ArrayList<>();
            for (String name : names) {
                builds.add(builders.submit(() -> build(name)));
            }
            int built = 0;
            for (Future<Boolean> build : builds) {
                built += build.get() ? 1 : 0;
            }
            log.info("Built {} indexes of the {} table again in {} ms", built, table,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(failed);
        } finally {
            builders.shutdownNow();
        }
    }

    /** Builds one set-aside index, unless another process is building it or has built it; true when built here. */
    private boolean build(String name) {
        return Boolean.TRUE.equals(ownTransaction.execute(status -> {
            List<String> definition = jdbc.queryForList(
                    "SELECT definition FROM deferred_index WHERE index_name = ? FOR UPDATE SKIP LOCKED", String.class,
                    name);
            if (definition.isEmpty()) {
                return false;
            }
            jdbc.execute(createIfAbsent(definition.get(0)));
            jdbc.update("DELETE FROM deferred_index WHERE index_name = ?", name);
            return true;
        }));
    }

    /** A kept definition ({@code CREATE INDEX name ON ...}), as a statement that builds it unless it exists. */
    static String createIfAbsent(String definition) {
        return CREATE_INDEX.matcher(definition).replaceFirst("CREATE INDEX IF NOT EXISTS ");
    }

    private record Index(String name, String definition) {
    }
}
