package dev.accounts.command.web;

import dev.accounts.command.audit.Origin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id and answers it in {@code X-Request-Id} (first of all filters, so every response has
 * one): the client's own when it sent a sane one, else a new UUID. While the request runs, it is the origin of the
 * commands sent: the id becomes the correlation id of every event the request causes, which also carry the client's
 * address, its user agent and the authenticated caller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    static final String REQUEST_ID = "X-Request-Id";
    /** Printable ASCII, at most this long: anything else from a client is replaced, never stored. */
    static final int MAX_REQUEST_ID = 128;
    /** A longer {@code User-Agent} is cut to this length in the audit metadata. */
    static final int MAX_USER_AGENT = 512;
    private static final Pattern SANE = Pattern.compile("[\\x20-\\x7E]{1," + MAX_REQUEST_ID + "}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request.getHeader(REQUEST_ID));
        response.setHeader(REQUEST_ID, requestId);
        Origin origin = Origin.request(requestId, request.getRemoteAddr(), userAgent(request.getHeader("User-Agent")),
                RequestIdFilter::authenticatedCaller);
        try (Origin.Scope scope = origin.bind()) {
            chain.doFilter(request, response);
        }
    }

    /** The client's request id when it is sane (1 to 128 printable ASCII characters, not all blank), else a new one. */
    static String requestId(String given) {
        return given != null && !given.isBlank() && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    static String userAgent(String given) {
        return given == null || given.length() <= MAX_USER_AGENT ? given : given.substring(0, MAX_USER_AGENT);
    }

    /** The account of the access token this request was authenticated with, once Spring Security has checked it. */
    private static Optional<String> authenticatedCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken token
                ? Optional.ofNullable(token.getToken().getSubject())
                : Optional.empty();
    }
}
