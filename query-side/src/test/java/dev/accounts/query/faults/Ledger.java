package dev.accounts.query.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the clients of a scenario were told: every registration they made and every answer each attempt got, in
 * order. Filled by many client threads at once.
 */
final class Ledger {

    private final Map<Registration, List<Answer>> answers = new ConcurrentHashMap<>();

    void record(Registration registration, Answer answer) {
        answers.computeIfAbsent(registration, r -> Collections.synchronizedList(new ArrayList<>())).add(answer);
    }

    List<Registration> registrations() {
        return answers.keySet().stream().sorted((a, b) -> Integer.compare(a.number(), b.number())).toList();
    }

    int sent() {
        return answers.size();
    }

    Answer first(Registration registration) {
        return answers(registration).get(0);
    }

    List<Answer> answers(Registration registration) {
        List<Answer> all = answers.get(registration);
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** The answer that acknowledged the registration, first or on a retry, if any did. */
    Optional<Answer> acknowledgement(Registration registration) {
        return answers(registration).stream().filter(answer -> answer.outcome() == Outcome.ACKNOWLEDGED).findFirst();
    }

    /** Registrations whose first attempt got this kind of answer. */
    List<Registration> firstAnswered(Predicate<Outcome> outcome) {
        return registrations().stream().filter(registration -> outcome.test(first(registration).outcome())).toList();
    }

    /** First attempts that got a 201. */
    int acknowledgedAtFirst() {
        return firstAnswered(outcome -> outcome == Outcome.ACKNOWLEDGED).size();
    }

    /** Registrations acknowledged so far, by any attempt. */
    int acknowledged() {
        return (int) answers.keySet().stream().filter(registration -> acknowledgement(registration).isPresent()).count();
    }

    /** How many first attempts got each error ("503", "409", "no answer", "refused", ...), in order. */
    Map<String, Integer> firstErrors() {
        Map<String, Integer> errors = new TreeMap<>();
        for (Registration registration : registrations()) {
            Answer first = first(registration);
            if (first.outcome() != Outcome.ACKNOWLEDGED) {
                errors.merge(first.label(), 1, Integer::sum);
            }
        }
        return errors;
    }

    /** Every answer of every attempt, first or retry, for checks that hold for all of them. */
    List<Answer> allAnswers() {
        return answers.keySet().stream().flatMap(registration -> answers(registration).stream()).toList();
    }

    /** The newest log position any 201 named: a reader that has reached it has seen every acknowledged write. */
    long newestPosition() {
        return allAnswers().stream().mapToLong(Answer::position).max().orElse(-1);
    }
}
