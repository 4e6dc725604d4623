package dev.accounts.query.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What a healthy run of the query side logs: no error, and no warning from Axon (a processor in retry mode, say). */
public final class Logs {

    private Logs() {
    }

    public static void assertNoErrorsOrAxonWarnings(String output) {
        assertThat(errorsAndAxonWarnings(output)).as("errors and Axon warnings logged").isEmpty();
    }

    /** The lines of this console output that log an error, or a warning from Axon. */
    public static List<String> errorsAndAxonWarnings(String output) {
        return output.lines()
                .filter(line -> line.contains(" ERROR ") || line.contains(" WARN ") && line.contains(" o.a."))
                .toList();
    }
}
