package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.PasswordChangedMeanwhile;
import java.net.URI;
import java.util.List;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Answers that no request of the HTTP tests can provoke on purpose. */
class ProblemAdviceTest {

    @Test
    void anAccountChangedByAnotherRequestAtTheSameMomentIsA503ToRetryThatTellsNothingWasStored() {
        for (RuntimeException conflict : List.of(new PasswordChangedMeanwhile(),
                new ConcurrencyException("An event for aggregate [x] at sequence [3] was already inserted"))) {
            ResponseEntity<ProblemDetail> answer = new ProblemAdvice().changedMeanwhile(conflict);

            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            ProblemDetail problem = answer.getBody();
            assertThat(problem.getType()).isEqualTo(URI.create("/problems/changed-meanwhile"));
            assertThat(problem.getDetail()).contains("nothing was stored").doesNotContain("account")
                    .doesNotContain("aggregate").doesNotContain("password");
        }
    }
}
