package dev.accounts.query.web;

import dev.accounts.query.projections.Projections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells readers when what they read may be incomplete: while a projection is being replayed (its table was
 * emptied and is being refilled), every API response carries {@code X-Projection-Replaying: true}.
 */
@Component
class ReplayingHeader extends OncePerRequestFilter {

    static final String NAME = "X-Projection-Replaying";

    private final Projections projections;

    ReplayingHeader(Projections projections) {
        this.projections = projections;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (replaying(request.getRequestURI().startsWith("/api/projections"))) {
            response.setHeader(NAME, "true");
        }
        chain.doFilter(request, response);
    }

    /** Operators watching a replay get an exact answer; every other read may get one up to 200 ms old. */
    private boolean replaying(boolean exactly) {
        try {
            return exactly ? projections.anyReplayingNow() : projections.anyReplaying();
        } catch (RuntimeException unavailable) {
            return false; // the database is away: the request itself will say so
        }
    }
}
