package dev.accounts.query.support;

import dev.accounts.testsupport.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * The bad-input corpus ({@code bad-input/corpus.json} on the test classpath): hostile and malformed requests for
 * every endpoint of both sides, one case per entry, each with the status it must answer. Bodies and paths may
 * name the test's accounts ({@code ${user_id}}, {@code ${other_id}}, ...) and repeat text
 * ({@code ${repeat:70000:a}}); a body is given as text ({@code body}), as JSON ({@code json}) or as bytes
 * ({@code body_base64}), sent as {@code application/json} unless {@code content_type} says otherwise ({@code null}:
 * no Content-Type at all).
 */
public final class BadInputCorpus {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)(?::(\\d+):([^}]*))?}");

    private BadInputCorpus() {
    }

    /**
     * One request of the corpus.
     *
     * @param side   {@code command} or {@code query}
     * @param auth   whose access token goes with it: {@code none}, {@code user}, {@code staff}, {@code superuser} or
     *               {@code service} (a service token with scope events:read)
     * @param status the status it must answer
     */
    public record Case(String id, String category, String side, String method, String path, String auth,
                       List<String> headers, String contentType, String body, byte[] rawBody, int status) {

        /** The request target with every placeholder filled in. */
        public String target(Map<String, String> values) {
            return fill(path, values);
        }

        /** The header lines to send, the Content-Type (if any) first. */
        public List<String> headerLines(Map<String, String> values) {
            List<String> lines = new ArrayList<>();
            if (contentType != null && (body != null || rawBody != null)) {
                lines.add("Content-Type: " + contentType);
            }
            headers.forEach(header -> lines.add(fill(header, values)));
            return lines;
        }

        /** The body's bytes, or {@code null} for none. */
        public byte[] bodyBytes(Map<String, String> values) {
            return rawBody != null ? rawBody : body == null ? null : fill(body, values).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return id + " (" + method + " " + path + ")";
        }
    }

    /** Every case, in the file's order. */
    public static List<Case> load() {
        try (InputStream in = BadInputCorpus.class.getResourceAsStream("/bad-input/corpus.json")) {
            if (in == null) {
                throw new IllegalStateException("bad-input/corpus.json is not on the test classpath");
            }
            JsonNode cases = Api.JSON.readTree(in).get("cases");
            return StreamSupport.stream(cases.spliterator(), false).map(BadInputCorpus::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case parse(JsonNode node) {
        String body = node.has("json") ? Api.JSON.writeValueAsString(node.get("json"))
                : node.has("body") ? node.get("body").asString() : null;
        byte[] raw = node.has("body_base64") ? Base64.getDecoder().decode(node.get("body_base64").asString()) : null;
        String contentType = !node.has("content_type") ? "application/json"
                : node.get("content_type").isNull() ? null : node.get("content_type").asString();
        List<String> headers = node.has("headers")
                ? StreamSupport.stream(node.get("headers").spliterator(), false).map(JsonNode::asString).toList()
                : List.of();
        return new Case(node.get("id").asString(), node.get("category").asString(), node.get("side").asString(),
                node.get("method").asString(), node.get("path").asString(), node.path("auth").asString("none"),
                headers, contentType, body, raw, node.get("status").asInt());
    }

    /** Fills in {@code ${name}} from the values and expands {@code ${repeat:N:text}}. */
    static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if ("repeat".equals(matcher.group(1))) {
                replacement = matcher.group(3).repeat(Integer.parseInt(matcher.group(2)));
            } else if (values.containsKey(matcher.group(1))) {
                replacement = values.get(matcher.group(1));
            } else {
                throw new IllegalArgumentException("unknown placeholder " + matcher.group() + " in " + text);
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(filled).toString();
    }
}
