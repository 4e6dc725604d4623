package dev.accounts.query.cli;

import java.net.URI;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A login at the command side ({@code POST /api/auth/login}) for as long as the command runs: its access token,
 * renewed with the refresh token when it expires, and both revoked ({@code POST /api/auth/logout}) at the end.
 */
final class CommandSideSession implements BearerToken {

    private final JsonHttp http;
    private final URI commandSide;
    private String access;
    private String refresh;

    private CommandSideSession(JsonHttp http, URI commandSide, JsonNode tokens) {
        this.http = http;
        this.commandSide = commandSide;
        take(tokens);
    }

    /**
     * Logs in with this email and password.
     *
     * @throws ReplayFailed when the command side cannot be reached or refuses the login, with its reason
     */
    static CommandSideSession logIn(URI commandSide, String email, char[] password) {
        JsonHttp http = new JsonHttp();
        JsonHttp.Answer answer = http.send(JsonHttp.post(endpoint(commandSide, "login"),
                        JsonHttp.JSON.createObjectNode().put("email", email).put("password", new String(password))),
                "cannot reach the command side at " + commandSide + " to log in; set ACCOUNTS_COMMAND_URL to where it"
                        + " answers, or ACCOUNTS_ACCESS_TOKEN to a superuser's access token");
        if (answer.status() != 200 || answer.body().path("access").asString("").isEmpty()) {
            throw new ReplayFailed("the command side at " + commandSide + " refused the login: "
                    + answer.detail("it answered " + answer.status() + "."));
        }
        return new CommandSideSession(http, commandSide, answer.body());
    }

    @Override
    public String value() {
        return access;
    }

    @Override
    public Optional<String> renew() {
        JsonHttp.Answer answer = http.send(JsonHttp.post(endpoint(commandSide, "refresh"),
                JsonHttp.JSON.createObjectNode().put("refresh", refresh)), "cannot reach the command side at "
                + commandSide + " to renew the access token");
        if (answer.status() != 200) {
            return Optional.empty();
        }
        take(answer.body());
        return Optional.of(access);
    }

    @Override
    public void close() {
        try {
            http.send(JsonHttp.post(endpoint(commandSide, "logout"), JsonHttp.JSON.createObjectNode().put("refresh", refresh)),
                    "cannot reach the command side");
        } catch (ReplayFailed unreachable) {
            // the refresh token runs out by itself; the command's outcome stands
        }
    }

    private void take(JsonNode tokens) {
        access = tokens.path("access").asString();
        refresh = tokens.path("refresh").asString();
    }

    private static URI endpoint(URI commandSide, String action) {
        return URI.create(commandSide.toString().replaceAll("/+$", "") + "/api/auth/" + action);
    }
}
