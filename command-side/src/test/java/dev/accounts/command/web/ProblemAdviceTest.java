package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** Answers that no request of the HTTP tests can provoke on purpose. */
class ProblemAdviceTest {

    @Test
    void anAccountChangedByAnotherRequestAtTheSameMomentIsA409ThatTellsNothingWasStored() {
        ProblemDetail problem = new ProblemAdvice().changedMeanwhile(new ConcurrencyException(
                "An event for aggregate [x] at sequence [3] was already inserted"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).isEqualTo(URI.create("/problems/changed-meanwhile"));
        assertThat(problem.getDetail()).contains("nothing was stored").doesNotContain("aggregate").doesNotContain("sequence");
    }
}
