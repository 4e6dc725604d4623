package dev.accounts.query.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the replay command talks to a running query side: the bearer token on every request, a refusal as one line,
 * an expired token renewed once. The query side is a small HTTP server that answers as the real one does for each
 * token; {@code PostgresReplayIT} and {@code PostgresEndToEndIT} run the real one.
 */
class RemoteProjectionsTest {

    private static final String STATUS = """
            {"name": "users", "position": 10, "head": 10, "replaying": true, "events_per_second": 0, "dead_letters": 0}""";

    private HttpServer server;
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicInteger renewals = new AtomicInteger();
    /** The token the server accepts: a superuser's; "staff" is refused with 403, any other with 401. */
    private static final String SUPERUSER = "superuser-token";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/projections/users", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(exchange.getRequestMethod() + " " + authorization);
            int status;
            String body;
            if (("Bearer " + SUPERUSER).equals(authorization)) {
                status = exchange.getRequestMethod().equals("POST") ? 202 : 200;
                body = STATUS;
            } else if ("Bearer staff".equals(authorization)) {
                status = 403;
                body = "{\"type\": \"/problems/forbidden\", \"status\": 403, "
                        + "\"detail\": \"Only superusers may replay a projection or retry its dead letters.\"}";
            } else {
                status = 401;
                body = "{\"type\": \"/problems/unauthorized\", \"status\": 401, "
                        + "\"detail\": \"The access token is invalid or has expired.\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status < 300 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteProjections side(BearerToken token) {
        return new RemoteProjections(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), token);
    }

    /** A login's token, which renews to {@code renewed} (none when null), counting the renewals. */
    private record Expiring(String value, String renewed, AtomicInteger renewals) implements BearerToken {

        @Override
        public Optional<String> renew() {
            renewals.incrementAndGet();
            return Optional.ofNullable(renewed);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void sendsTheTokenWithTheReplayAndEveryRead() {
        RemoteProjections side = side(BearerToken.given(SUPERUSER));

        assertThat(side.replay("users")).hasValueSatisfying(status -> assertThat(status.head()).isEqualTo(10));
        assertThat(side.status("users").position()).isEqualTo(10);

        assertThat(authorizations).containsExactly("POST Bearer " + SUPERUSER, "GET Bearer " + SUPERUSER);
    }

    @Test
    void aNonSuperuserIsRefusedInOneLine() {
        RemoteProjections side = side(BearerToken.given("staff"));

        assertThatThrownBy(() -> side.replay("users")).isInstanceOf(ReplayFailed.class).hasMessage("the query side at "
                + "http://127.0.0.1:" + server.getAddress().getPort() + " refused the replay: Only superusers may replay a"
                + " projection or retry its dead letters.");
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheRequestSentAgain() {
        RemoteProjections side = side(new Expiring("expired", SUPERUSER, renewals));

        assertThat(side.replay("users")).isPresent();

        assertThat(renewals).hasValue(1);
        assertThat(authorizations).containsExactly("POST Bearer expired", "POST Bearer " + SUPERUSER);
    }

    @Test
    void aTokenThatCannotBeRenewedIsRefusedInOneLine() {
        RemoteProjections side = side(new Expiring("expired", null, renewals));

        assertThatThrownBy(() -> side.status("users")).isInstanceOf(ReplayFailed.class)
                .hasMessageEndingWith(" refused the access token: The access token is invalid or has expired.");
        assertThat(renewals).hasValue(1);
    }
}
