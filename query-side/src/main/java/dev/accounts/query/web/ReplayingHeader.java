package dev.accounts.query.web;

import dev.accounts.eventstore.StoreFailures;
import dev.accounts.query.projections.Projections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Tells readers when what they read may be incomplete: while a projection is being replayed (its table was
 * emptied and is being refilled), every API response carries {@code X-Projection-Replaying: true}. Finding that out
 * is each request's first read of the database; when the database cannot be reached, that is the request's answer.
 */
@Component
class ReplayingHeader extends OncePerRequestFilter {

    static final String NAME = "X-Projection-Replaying";

    private final Projections projections;
    /** MVC's own resolver, which ProblemAdvice answers through; there is none when the web server is off (the CLI). */
    private final ObjectProvider<HandlerExceptionResolver> problems;

    ReplayingHeader(Projections projections,
                    @Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> problems) {
        this.projections = projections;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean replaying;
        try {
            replaying = replaying(request.getRequestURI().startsWith("/api/projections"));
        } catch (RuntimeException failure) {
            if (StoreFailures.unavailable(failure)) {
                // every API request reads the database: answer its 503 now rather than wait for a connection again
                problems.getObject().resolveException(request, response, null, failure);
                return;
            }
            replaying = false;
        }
        if (replaying) {
            response.setHeader(NAME, "true");
        }
        chain.doFilter(request, response);
    }

    /** Operators watching a replay get an exact answer; every other read may get one up to 200 ms old. */
    private boolean replaying(boolean exactly) {
        return exactly ? projections.anyReplayingNow() : projections.anyReplaying();
    }
}
