package dev.accounts.query.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a remote replay's access token comes from: the environment first, then a login, asked for at the terminal. */
class OperatorLoginTest {

    private static final URI SERVER = URI.create("http://127.0.0.1:8081");

    private final Map<String, String> environment = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> logins = new ArrayList<>();
    private boolean terminal = true;

    private final Prompts prompts = new Prompts(prompt -> {
        asked.add(prompt);
        return answers.poll();
    }, prompt -> {
        asked.add(prompt + "(hidden)");
        String answer = answers.poll();
        return answer == null ? null : answer.toCharArray();
    });

    /** ACCOUNTS_SUPERUSER_EMAIL and _PASSWORD set, as for createsuperuser --no-input. */
    private void superuserVariables() {
        environment.put("ACCOUNTS_SUPERUSER_EMAIL", "root@example.com");
        environment.put("ACCOUNTS_SUPERUSER_PASSWORD", "secret");
    }

    private BearerToken token() {
        return new OperatorLogin(environment::get, () -> terminal ? prompts : null, (commandSide, email, password) -> {
            logins.add(commandSide + " " + email + " " + new String(password));
            return BearerToken.given("logged-in");
        }).token(SERVER);
    }

    @Test
    void takesTheAccessTokenFromTheEnvironmentFirstAndLogsNobodyIn() {
        environment.put("ACCOUNTS_ACCESS_TOKEN", " eyJ.given.token \n");
        superuserVariables();

        BearerToken token = token();

        assertThat(token.value()).isEqualTo("eyJ.given.token");
        assertThat(token.renew()).isEqualTo(Optional.empty());
        assertThat(logins).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void logsInWithTheSuperuserVariablesAtTheDefaultCommandSide() {
        superuserVariables();

        assertThat(token().value()).isEqualTo("logged-in");

        assertThat(logins).containsExactly("http://127.0.0.1:8080 root@example.com secret");
        assertThat(asked).isEmpty();
    }

    @Test
    void logsInAtTheCommandSideTheEnvironmentNames() {
        environment.put("ACCOUNTS_COMMAND_URL", "http://127.0.0.1:9090");
        superuserVariables();

        token();

        assertThat(logins).containsExactly("http://127.0.0.1:9090 root@example.com secret");
    }

    @Test
    void asksAtTheTerminalForTheEmailAndAHiddenPassword() {
        answers.addAll(List.of("", "root@example.com", "secret"));

        token();

        assertThat(asked).containsExactly("Superuser's email address: ", "Superuser's email address: ", "Password: (hidden)");
        assertThat(logins).containsExactly("http://127.0.0.1:8080 root@example.com secret");
    }

    @Test
    void asksOnlyForWhatTheEnvironmentLacks() {
        environment.put("ACCOUNTS_SUPERUSER_EMAIL", "root@example.com");
        answers.add("secret");

        token();

        assertThat(asked).containsExactly("Password: (hidden)");
        assertThat(logins).containsExactly("http://127.0.0.1:8080 root@example.com secret");
    }

    @Test
    void withoutATerminalOrCredentialsSaysWhatToSet() {
        terminal = false;

        assertThatThrownBy(this::token).isInstanceOf(ReplayFailed.class).hasMessage("the query side at "
                + "http://127.0.0.1:8081 replays only for a superuser: set ACCOUNTS_ACCESS_TOKEN to a superuser's access"
                + " token, or ACCOUNTS_SUPERUSER_EMAIL and ACCOUNTS_SUPERUSER_PASSWORD to log in at the command side"
                + " (http://127.0.0.1:8080, or ACCOUNTS_COMMAND_URL)");
        assertThat(logins).isEmpty();
    }

    @Test
    void endOfInputAtAPromptCancelsWithoutALogin() {
        assertThatThrownBy(this::token).isInstanceOf(ReplayFailed.class).hasMessageStartingWith("cancelled");
        assertThat(logins).isEmpty();
    }

    @Test
    void refusesACommandUrlThatIsNoUrl() {
        environment.put("ACCOUNTS_COMMAND_URL", "localhost 8080");
        superuserVariables();

        assertThatThrownBy(this::token).isInstanceOf(ReplayFailed.class)
                .hasMessage("ACCOUNTS_COMMAND_URL must be the command side's URL, such as http://127.0.0.1:8080, not 'localhost 8080'");
    }
}
