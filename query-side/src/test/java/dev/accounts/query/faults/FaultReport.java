package dev.accounts.query.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fault scenario's counts and verdict, as {@code bench/faults.sh} prints them and docs/RELIABILITY.md quotes
 * them: written to {@code target/faults/<scenario>.txt} and to the console, then asserted. A check that fails is
 * a violation; the scenario passes when there is none.
 */
final class FaultReport {

    static final Path DIRECTORY = Path.of("target", "faults");

    private final String scenario;
    private final String description;
    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();

    FaultReport(String scenario, String description) {
        this.scenario = scenario;
        this.description = description;
    }

    FaultReport count(String name, Object value) {
        counts.put(name, value);
        return this;
    }

    /** A count that must be zero. */
    FaultReport zero(String name, long value) {
        count(name, value);
        return check(value == 0, name + ": " + value);
    }

    /** Records a violation unless the condition holds. */
    FaultReport check(boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
        return this;
    }

    boolean passed() {
        return violations.isEmpty();
    }

    /** Writes the report (its file, and the console), then fails the test on any violation. */
    void publishAndAssert() {
        publish();
        assertPassed();
    }

    /** Writes the report to its file and the console. */
    void publish() {
        StringBuilder text = new StringBuilder("scenario: ").append(scenario).append('\n')
                .append("what: ").append(description).append('\n');
        counts.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        text.append("violations: ").append(violations.isEmpty() ? "none" : String.join("; ", violations)).append('\n')
                .append("result: ").append(passed() ? "PASS" : "FAIL").append('\n');
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(scenario + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(text);
    }

    void assertPassed() {
        assertThat(violations).as("violations in the " + scenario + " scenario").isEmpty();
    }
}
