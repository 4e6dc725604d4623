package dev.accounts.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** 429 with {@code Retry-After} when a client exceeds its limit on login or registration. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class RateLimitFilter extends OncePerRequestFilter {

    private final boolean enabled;
    private final TokenBuckets logins;
    private final TokenBuckets registrations;

    RateLimitFilter(RateLimitProperties properties) {
        this.enabled = properties.enabled();
        this.logins = new TokenBuckets(properties.login().requests(), properties.login().per());
        this.registrations = new TokenBuckets(properties.registration().requests(), properties.registration().per());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !enabled || !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        TokenBuckets buckets = "/api/auth/login".equals(path) ? logins : "/api/users".equals(path) ? registrations : null;
        if (buckets != null) {
            Duration wait = buckets.take(request.getRemoteAddr(), System.nanoTime());
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(seconds));
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"type\":\"/problems/rate-limited\",\"title\":\"Too Many Requests\","
                        + "\"status\":429,\"detail\":\"Too many requests from this client. Retry after " + seconds
                        + " seconds.\",\"instance\":\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
