package dev.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemErrorReportValveTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 411, 413, 414, 431, 499, 500, 505, 599})
    void everyErrorStatusIsAProblemWithItsStatusATitleAndADetail(int status) {
        Map<String, Object> problem = ProblemErrorReportValve.problem(status);

        assertThat(problem).containsEntry("status", status).containsKeys("type", "title", "detail");
        assertThat((String) problem.get("title")).isNotBlank();
        assertThat((String) problem.get("detail")).isNotBlank().endsWith(".");
    }

    @Test
    void saysWhatKindOfErrorItIsButNothingOfWhatWasSentOrWhatFailed() {
        assertThat(ProblemErrorReportValve.problem(400).get("detail")).asString().contains("malformed");
        assertThat(ProblemErrorReportValve.problem(500)).containsEntry("detail", "An unexpected error occurred.");
        assertThat(ProblemErrorReportValve.problem(505)).containsEntry("title", "HTTP Version not supported")
                .containsEntry("detail", "HTTP Version not supported.");
    }
}
