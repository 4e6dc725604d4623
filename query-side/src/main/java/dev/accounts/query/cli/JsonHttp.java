package dev.accounts.query.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON over HTTP for the operator's commands: answers read as JSON, an unreachable server as the one line shown. */
final class JsonHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A status and its body, as JSON (an empty object when the body is not JSON). */
    record Answer(int status, JsonNode body) {

        /** The problem's {@code detail}, or {@code otherwise} when it has none. */
        String detail(String otherwise) {
            String detail = body.path("detail").asString("");
            return detail.isBlank() ? otherwise : detail;
        }

        String problemType() {
            return body.path("type").asString("");
        }
    }

    /**
     * Sends the request (a builder may be sent again, with a header set anew) and reads its answer.
     *
     * @param unreachable what the operator is told when the server cannot be reached ("cannot reach ..."); the
     *                    cause follows in brackets
     * @throws ReplayFailed when the server cannot be reached
     */
    Answer send(HttpRequest.Builder request, String unreachable) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60))
                    .setHeader("Accept", "application/json, application/problem+json").build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), json(response.body()));
        } catch (IOException failure) {
            throw new ReplayFailed(unreachable + " (" + failure + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReplayFailed("interrupted");
        }
    }

    /** A POST of this JSON body. */
    static HttpRequest.Builder post(URI uri, ObjectNode body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException notJson) {
            return JSON.createObjectNode();
        }
    }
}
