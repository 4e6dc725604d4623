package dev.accounts.query.faults;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The checks every fault scenario makes of what its clients were told against what the store holds, and the
 * counts they report. An error a client can act on (a 4xx, a 503, a refused connection) must have stored nothing;
 * an unknown outcome (no answer, a failed commit) may have, and a retry under the same Idempotency-Key then finds
 * it; in the end every acknowledged registration is in the log and the users table exactly once.
 */
final class Reckoning {

    private Reckoning() {
    }

    /** Before any retry: what the first attempts' errors left in the store. */
    static void errorsStoredNothing(FaultReport report, Ledger ledger, StoreAudit.Snapshot beforeRetries) {
        List<Registration> refused = ledger.firstAnswered(Outcome::storedNothing);
        List<Registration> unknown = ledger.firstAnswered(Outcome::unknown);
        report.count("requests sent", ledger.sent())
                .count("acknowledged (201) at the first attempt", ledger.acknowledgedAtFirst())
                .count("errors at the first attempt", ledger.firstErrors())
                .count("unknown outcome (no answer, or 500 outcome-unknown)", unknown.size())
                .count("of those, found stored before any retry",
                        unknown.stream().filter(registration -> !beforeRetries.eventsOf(registration).isEmpty()).count())
                .zero("errors (4xx, 503, refused) that stored something",
                        refused.stream().filter(beforeRetries::anythingFor).count())
                .zero("500s other than outcome-unknown",
                        ledger.allAnswers().stream().filter(answer -> answer.outcome() == Outcome.FAILED).count());
        // no scenario sends a request the service should refuse: say why, should one be
        List<String> refusals = ledger.allAnswers().stream()
                .filter(answer -> answer.outcome() == Outcome.REJECTED || answer.outcome() == Outcome.FAILED)
                .map(answer -> answer.status() + " " + answer.problem()).distinct().toList();
        if (!refusals.isEmpty()) {
            report.count("refusals and failures, why", refusals);
        }
    }

    /**
     * After the retries, and once the query side (if {@code withUsers}) has caught up with the newest acknowledged
     * position: every acknowledged registration once in the log and once in the table, under its 201's id.
     */
    static void acknowledgedWritesKept(FaultReport report, Ledger ledger, StoreAudit.Snapshot after, boolean withUsers) {
        long acknowledged = 0;
        long inLog = 0;
        long inTable = 0;
        long lost = 0;
        long duplicated = 0;
        long unacknowledgedButStored = 0;
        for (Registration registration : ledger.registrations()) {
            List<UUID> events = after.eventsOf(registration);
            List<UUID> users = after.usersOf(registration);
            inLog += events.isEmpty() ? 0 : 1;
            inTable += users.isEmpty() ? 0 : 1;
            duplicated += events.size() > 1 || users.size() > 1 ? 1 : 0;
            Optional<Answer> acknowledgement = ledger.acknowledgement(registration);
            if (acknowledgement.isPresent()) {
                acknowledged++;
                UUID id = acknowledgement.get().userId();
                lost += events.contains(id) && (!withUsers || users.contains(id)) ? 0 : 1;
            } else if (!events.isEmpty()) {
                unacknowledgedButStored++;
            }
        }
        StoreAudit.PartialWrites partial = after.partialWrites();
        report.count("acknowledged (201) in the end, with retries", acknowledged)
                .count("found in the event store", inLog)
                .count("found in the users table", withUsers ? inTable : "(no query side)")
                .zero("lost (acknowledged, missing from the log or the table)", lost)
                .zero("duplicated (an email in the log or the table twice)", duplicated)
                .zero("never acknowledged, even on a retry", ledger.sent() - acknowledged)
                .zero("stored without any acknowledgement", unacknowledgedButStored)
                .zero("users without their event", partial.usersWithoutEvent())
                .zero("claims without their event", partial.claimsWithoutEvent())
                .zero("events without their claim", partial.eventsWithoutClaim())
                .zero("idempotency keys without their event", partial.keysWithoutEvent());
    }
}
