package dev.accounts.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for a server under test, as any REST client would call it. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String[] defaultHeaders;

    public Api(int port) {
        this("http://127.0.0.1:" + port, new String[0]);
    }

    private Api(String base, String[] defaultHeaders) {
        this.base = base;
        this.defaultHeaders = defaultHeaders;
    }

    /** The same client, sending these header name-value pairs with every request (an Authorization, say). */
    public Api withHeaders(String... headers) {
        String[] all = java.util.Arrays.copyOf(defaultHeaders, defaultHeaders.length + headers.length);
        System.arraycopy(headers, 0, all, defaultHeaders.length, headers.length);
        return new Api(base, all);
    }

    /** A response with its body read as text. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public String base() {
        return base;
    }

    /** The port the server under test listens on. */
    public int port() {
        return URI.create(base).getPort();
    }

    /** GET a path (or a full URL, as a {@code next} link is) with optional header name-value pairs. */
    public Response get(String pathOrUrl, String... headers) {
        return send(request(pathOrUrl, headers).GET().build());
    }

    public Response postJson(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Any method with an optional JSON body ({@code null}: none) and header name-value pairs, such as
     * {@code call("PATCH", "/api/users/1", "{}", "Authorization", "Bearer ...")}.
     */
    public Response call(String method, String path, String jsonBody, String... headers) {
        HttpRequest.Builder builder = request(path, headers);
        if (jsonBody == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(builder.build());
    }

    /** POST without a body, as an operator's action is. */
    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A request to a path (or a full URL) with a 30 s timeout and optional header name-value pairs, to finish and {@link #send}. */
    public HttpRequest.Builder request(String pathOrUrl, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                .timeout(Duration.ofSeconds(30));
        if (defaultHeaders.length > 0) {
            builder.headers(defaultHeaders);
        }
        return headers.length > 0 ? builder.headers(headers) : builder;
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** A registration body; {@code null} leaves a field out. */
    public static String registration(String email, String username, String password) {
        var node = JSON.createObjectNode();
        if (email != null) {
            node.put("email", email);
        }
        if (username != null) {
            node.put("username", username);
        }
        if (password != null) {
            node.put("password", password);
        }
        return node.toString();
    }
}
