package dev.accounts.query.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What PostgreSQL holds for a scenario run's registrations, read straight from the tables: the accounts opened in
 * the event log, the command side's email claims and idempotency keys, and the query side's users table; and
 * what it holds anywhere that no registration could have written alone (a partial write).
 */
final class StoreAudit {

    private static final String OPENED = "'dev.accounts.events.UserRegistered', 'dev.accounts.events.SuperuserCreated'";

    /** Half-written accounts anywhere in the database: each count must be 0. */
    record PartialWrites(long usersWithoutEvent, long claimsWithoutEvent, long keysWithoutEvent, long eventsWithoutClaim) {
    }

    /**
     * The run's accounts: by email, the ids of the accounts the log opened, of the users rows and of the email
     * claims; by Idempotency-Key, the accounts the keys were recorded for (lists, since a fault could make two).
     */
    record Snapshot(Map<String, List<UUID>> events, Map<String, List<UUID>> users, Map<String, List<UUID>> claims,
                    Map<String, List<UUID>> keys, PartialWrites partialWrites) {

        List<UUID> eventsOf(Registration registration) {
            return events.getOrDefault(registration.email(), List.of());
        }

        List<UUID> usersOf(Registration registration) {
            return users.getOrDefault(registration.email(), List.of());
        }

        /** Whether anything at all was written for the registration: an event, a claim or its idempotency key. */
        boolean anythingFor(Registration registration) {
            return !eventsOf(registration).isEmpty() || claims.containsKey(registration.email())
                    || keys.containsKey(registration.key());
        }
    }

    private StoreAudit() {
    }

    /** Reads the run's accounts; {@code withUsers} when a query side has migrated the users table into the database. */
    static Snapshot read(JdbcClient db, String run, boolean withUsers) {
        String emails = Registration.emailsOf(run);
        Map<String, List<UUID>> events = byKey(db.sql("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'email', "
                        + "aggregate_identifier FROM domain_event_entry WHERE payload_type IN (" + OPENED + ") "
                        + "AND convert_from(payload, 'UTF8')::jsonb ->> 'email' LIKE ?").param(emails)
                .query((row, n) -> Map.entry(row.getString(1), UUID.fromString(row.getString(2)))).list());
        Map<String, List<UUID>> users = withUsers
                ? byKey(db.sql("SELECT email, id FROM users WHERE email LIKE ?").param(emails)
                        .query((row, n) -> Map.entry(row.getString(1), row.getObject(2, UUID.class))).list())
                : Map.of();
        // the registrations' emails are in lower case, so their claim keys (case-folded) are the emails themselves
        Map<String, List<UUID>> claims = byKey(db.sql("SELECT claim_key, user_id FROM account_claim WHERE kind = 'email' "
                        + "AND claim_key LIKE ?").param(emails)
                .query((row, n) -> Map.entry(row.getString(1), UUID.fromString(row.getString(2)))).list());
        Map<String, List<UUID>> keys = byKey(db.sql("SELECT idempotency_key, user_id FROM idempotency_key "
                        + "WHERE idempotency_key LIKE ?").param(run + "-%")
                .query((row, n) -> Map.entry(row.getString(1), UUID.fromString(row.getString(2)))).list());
        return new Snapshot(events, users, claims, keys, partialWrites(db, emails, withUsers));
    }

    private static PartialWrites partialWrites(JdbcClient db, String emails, boolean withUsers) {
        String noEventFor = "NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = %s "
                + "AND e.payload_type IN (" + OPENED + "))";
        long users = withUsers ? count(db, "SELECT COUNT(*) FROM users u WHERE " + noEventFor.formatted("u.id::text")) : 0;
        long claims = count(db, "SELECT COUNT(*) FROM account_claim c WHERE " + noEventFor.formatted("c.user_id"));
        long keys = count(db, "SELECT COUNT(*) FROM idempotency_key k WHERE " + noEventFor.formatted("k.user_id"));
        // only the run's accounts: a test may have put events in the log without the command side (no claims)
        long events = db.sql("SELECT COUNT(*) FROM domain_event_entry e WHERE e.payload_type IN (" + OPENED + ") "
                        + "AND convert_from(e.payload, 'UTF8')::jsonb ->> 'email' LIKE ? AND NOT EXISTS "
                        + "(SELECT 1 FROM account_claim c WHERE c.kind = 'email' AND c.user_id = e.aggregate_identifier)")
                .param(emails).query(Long.class).single();
        return new PartialWrites(users, claims, keys, events);
    }

    private static long count(JdbcClient db, String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    private static Map<String, List<UUID>> byKey(List<Map.Entry<String, UUID>> rows) {
        Map<String, List<UUID>> grouped = new HashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(row.getKey(), key -> new ArrayList<>()).add(row.getValue()));
        return grouped;
    }
}
