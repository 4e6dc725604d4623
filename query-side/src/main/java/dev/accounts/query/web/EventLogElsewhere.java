package dev.accounts.query.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * With Axon Server as the event store (profile {@code axonserver}), the JDBC event log that histories,
 * {@code as_of} and the event feed read holds nothing: those requests answer 501 saying so, rather than an
 * empty history or a feed that never moves. Reads of the users table and the projections API work as ever.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "axon.axonserver", name = "enabled", havingValue = "true")
class EventLogElsewhere implements WebMvcConfigurer {

    /** What a request that needs the JDBC event log is told. */
    static final class NotInThisMode extends RuntimeException {
        NotInThisMode() {
            super("Histories, as_of and the event feed read the JDBC event log, which is empty when Axon Server is "
                    + "the event store (profile axonserver). Run with the postgres profile alone for them, or "
                    + "subscribe through Axon Server with your own tracking processor.");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Refuse(request -> true))
                .addPathPatterns("/api/events", "/api/events/**", "/api/users/*/history");
        registry.addInterceptor(new Refuse(request -> request.getParameter("as_of") != null))
                .addPathPatterns("/api/users/*");
    }

    /** Refuses the requests that need the event log, before any handler runs. */
    private record Refuse(Predicate<HttpServletRequest> needsTheLog) implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (needsTheLog.test(request)) {
                throw new NotInThisMode();
            }
            return true;
        }
    }
}
