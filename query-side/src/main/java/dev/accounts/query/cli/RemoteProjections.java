package dev.accounts.query.cli;

import dev.accounts.query.projections.ProjectionStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A running query side, asked over its HTTP API with a superuser's access token: it does the replay, this process
 * follows. A token the query side refuses as expired is renewed once, where it can be.
 */
final class RemoteProjections implements ProjectionOperations {

    private final JsonHttp http = new JsonHttp();
    private final URI server;
    private final BearerToken token;

    RemoteProjections(URI server, BearerToken token) {
        this.server = URI.create(server.toString().replaceAll("/+$", "") + "/");
        this.token = token;
    }

    @Override
    public Optional<ProjectionStatus> replay(String projection) {
        JsonHttp.Answer answer = send(HttpRequest.newBuilder(path(projection, "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (answer.status() == 409 && answer.problemType().endsWith("/replay-in-progress")) {
            return Optional.empty();
        }
        return Optional.of(projection(expect(202, answer)));
    }

    @Override
    public ProjectionStatus status(String projection) {
        return projection(expect(200, send(HttpRequest.newBuilder(path(projection, "")).GET())));
    }

    @Override
    public String where() {
        return "by the query side at " + base();
    }

    @Override
    public void close() {
        token.close();
    }

    private URI path(String projection, String action) {
        return server.resolve("api/projections/" + projection + action);
    }

    private String base() {
        return server.toString().replaceAll("/$", "");
    }

    private JsonHttp.Answer send(HttpRequest.Builder request) {
        String unreachable = "cannot reach the query side at " + server;
        JsonHttp.Answer answer = http.send(request.setHeader("Authorization", "Bearer " + token.value()), unreachable);
        if (answer.status() == 401) {
            Optional<String> renewed = token.renew();
            if (renewed.isPresent()) {
                answer = http.send(request.setHeader("Authorization", "Bearer " + renewed.get()), unreachable);
            }
        }
        return answer;
    }

    private JsonNode expect(int status, JsonHttp.Answer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            throw new ReplayFailed("the query side at " + base() + " refused " + (answer.status() == 401 ? "the access token"
                    : "the replay") + ": " + answer.detail("it answered " + answer.status() + "."));
        }
        if (answer.status() != status) {
            throw new ReplayFailed(answer.detail("the query side at " + server + " answered " + answer.status()));
        }
        return answer.body();
    }

    private static ProjectionStatus projection(JsonNode body) {
        return new ProjectionStatus(body.path("name").asString(), body.path("position").asLong(),
                body.path("head").asLong(), body.path("replaying").asBoolean(),
                body.path("events_per_second").asDouble(), body.path("dead_letters").asLong(), List.of());
    }
}
