package dev.accounts.query.cli;

import dev.accounts.query.projections.ProjectionStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A running query side, asked over its HTTP API: it does the replay, this process follows. */
final class RemoteProjections implements ProjectionOperations {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;

    RemoteProjections(URI server) {
        this.server = URI.create(server.toString().replaceAll("/+$", "") + "/");
    }

    @Override
    public Optional<ProjectionStatus> replay(String projection) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(path(projection, "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 409 && problemType(response).endsWith("/replay-in-progress")) {
            return Optional.empty();
        }
        return Optional.of(projection(expect(202, response)));
    }

    @Override
    public ProjectionStatus status(String projection) {
        return projection(expect(200, send(HttpRequest.newBuilder(path(projection, "")).GET())));
    }

    @Override
    public String where() {
        return "by the query side at " + server.toString().replaceAll("/$", "");
    }

    @Override
    public void close() {
        // nothing held between requests
    }

    private URI path(String projection, String action) {
        return server.resolve("api/projections/" + projection + action);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            throw new ReplayFailed("cannot reach the query side at " + server + " (" + unreachable + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReplayFailed("interrupted");
        }
    }

    private JsonNode expect(int status, HttpResponse<String> response) {
        JsonNode body = json(response);
        if (response.statusCode() != status) {
            String detail = body.path("detail").asString("");
            throw new ReplayFailed(detail.isBlank()
                    ? "the query side at " + server + " answered " + response.statusCode() : detail);
        }
        return body;
    }

    private static String problemType(HttpResponse<String> response) {
        return json(response).path("type").asString("");
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static ProjectionStatus projection(JsonNode body) {
        return new ProjectionStatus(body.path("name").asString(), body.path("position").asLong(),
                body.path("head").asLong(), body.path("replaying").asBoolean(),
                body.path("events_per_second").asDouble(), body.path("dead_letters").asLong(), List.of());
    }
}
