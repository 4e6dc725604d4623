package dev.accounts.query.cli;

import java.net.URI;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the superuser's access token for a replay by a running query side comes from, in this order:
 * {@code ACCOUNTS_ACCESS_TOKEN} as it is; else a login at the command side ({@code ACCOUNTS_COMMAND_URL}, default
 * {@value #DEFAULT_COMMAND_URL}) with {@code ACCOUNTS_SUPERUSER_EMAIL} and {@code ACCOUNTS_SUPERUSER_PASSWORD}, the
 * variables of {@code createsuperuser --no-input}, asking at the terminal for whichever is not set (the password
 * hidden). Without a terminal and without them, it says what to set.
 */
final class OperatorLogin {

    static final String TOKEN_ENV = "ACCOUNTS_ACCESS_TOKEN";
    static final String EMAIL_ENV = "ACCOUNTS_SUPERUSER_EMAIL";
    static final String PASSWORD_ENV = "ACCOUNTS_SUPERUSER_PASSWORD";
    static final String COMMAND_URL_ENV = "ACCOUNTS_COMMAND_URL";
    static final String DEFAULT_COMMAND_URL = "http://127.0.0.1:8080";

    /** A login at the command side with an email and password. */
    @FunctionalInterface
    interface LogIn {
        BearerToken logIn(URI commandSide, String email, char[] password);
    }

    private final Function<String, String> environment;
    private final Supplier<Prompts> terminal;
    private final LogIn login;

    OperatorLogin(Function<String, String> environment, Supplier<Prompts> terminal, LogIn login) {
        this.environment = environment;
        this.terminal = terminal;
        this.login = login;
    }

    /** The process's environment and terminal, logging in over HTTP. */
    static OperatorLogin system() {
        return new OperatorLogin(System::getenv, Prompts::terminal, CommandSideSession::logIn);
    }

    /**
     * The token to send to the query side at {@code server}.
     *
     * @throws ReplayFailed when there is none to be had: nothing set and no terminal, a login refused or impossible
     */
    BearerToken token(URI server) {
        String given = set(environment.apply(TOKEN_ENV));
        if (given != null) {
            return BearerToken.given(given.strip());
        }
        URI commandSide = commandSide();
        String email = set(environment.apply(EMAIL_ENV));
        String password = environment.apply(PASSWORD_ENV);
        char[] secret = password == null || password.isEmpty() ? null : password.toCharArray();
        if (email == null || secret == null) {
            Prompts prompts = terminal.get();
            if (prompts == null) {
                throw new ReplayFailed("the query side at " + server + " replays only for a superuser: set " + TOKEN_ENV
                        + " to a superuser's access token, or " + EMAIL_ENV + " and " + PASSWORD_ENV + " to log in at the"
                        + " command side (" + commandSide + ", or " + COMMAND_URL_ENV + ")");
            }
            while (email == null) {
                email = set(answered(prompts.line().apply("Superuser's email address: ")));
            }
            while (secret == null || secret.length == 0) {
                secret = answered(prompts.hidden().apply("Password: "));
            }
        }
        try {
            return login.logIn(commandSide, email.strip(), secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private URI commandSide() {
        String url = set(environment.apply(COMMAND_URL_ENV));
        try {
            URI uri = URI.create(url == null ? DEFAULT_COMMAND_URL : url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute URL");
            }
            return uri;
        } catch (IllegalArgumentException invalid) {
            throw new ReplayFailed(COMMAND_URL_ENV + " must be the command side's URL, such as " + DEFAULT_COMMAND_URL
                    + ", not '" + url + "'");
        }
    }

    private static <T> T answered(T answer) {
        if (answer == null) {
            throw new ReplayFailed("cancelled: no credentials were given, and no replay was started");
        }
        return answer;
    }

    private static String set(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
