package dev.accounts.query.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Stands in for the command side as an issuer of access tokens, for tests that run the query side without
 * one: a key pair, its public half served as a JWKS on a free local port, and tokens signed with it as the
 * command side signs them (ES256, {@code at+jwt}, issuer and audience {@code accounts}).
 */
public final class TestIssuer implements AutoCloseable {

    private final ECKey key;
    private final HttpServer server;

    private TestIssuer(ECKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    public static TestIssuer start() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return new TestIssuer(key, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a query side finds the keys: what {@code ACCOUNTS_COMMAND_URL} would name. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwkSetUri() {
        return baseUrl() + "/.well-known/jwks.json";
    }

    /** A token for this account with these roles ({@code user} is always there). */
    public String token(UUID subject, String... roles) {
        List<String> all = new java.util.ArrayList<>(List.of("user"));
        all.addAll(List.of(roles));
        return sign(claims(subject.toString()).claim("roles", all).build());
    }

    /**
     * A service token as the command side's {@code POST /api/auth/service-token} issues it: subject
     * {@code service:<name>}, this {@code scope} (space-separated scopes) and no roles.
     */
    public String serviceToken(String name, String scope) {
        return sign(claims("service:" + name).claim("scope", scope).build());
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("accounts").audience("accounts").subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Authorization} with a staff token of some account. */
    public String[] staffAuthorization() {
        return authorization("staff");
    }

    /** {@code Authorization} with a token of some account that has these roles besides {@code user}. */
    public String[] authorization(String... roles) {
        return new String[] {"Authorization", "Bearer " + token(UUID.randomUUID(), roles)};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
