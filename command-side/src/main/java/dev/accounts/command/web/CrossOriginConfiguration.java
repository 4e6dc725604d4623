package dev.accounts.command.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin calls from the admin panel, which the query side serves on another origin: the configured origins
 * may call {@code /api/**} with a bearer token (no cookies are involved, so no credentials mode) and read the
 * headers a client needs. The filter runs right after the request id's, before the body-size and rate limits, so that
 * their refusals are readable by the browser too, and it answers preflights itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class CrossOriginConfiguration {

    static final List<String> EXPOSED_HEADERS = List.of(UserController.EVENT_POSITION, "Location", "Retry-After",
            RequestIdFilter.REQUEST_ID);

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", UserController.IDEMPOTENCY_KEY,
                RequestIdFilter.REQUEST_ID));
        cors.setExposedHeaders(EXPOSED_HEADERS);
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Refuses a request from an origin that is not allowed as every refusal is: a problem, not a line of text. */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        private static final byte[] FORBIDDEN = ("{\"type\":\"/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"Cross-origin requests from this origin are not allowed.\"}").getBytes(StandardCharsets.UTF_8);

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(FORBIDDEN);
            response.flush();
        }
    }
}
