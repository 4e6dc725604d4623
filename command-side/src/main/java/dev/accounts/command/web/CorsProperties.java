package dev.accounts.command.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which web origins may call this API from a browser, bound from {@code accounts.cors.*}: by default the query
 * side's own local origins, where the admin panel is served. An empty list switches cross-origin calls off.
 *
 * @param allowedOrigins exact origins ({@code scheme://host:port}), or patterns such as {@code http://127.0.0.1:*}
 */
@ConfigurationProperties("accounts.cors")
public record CorsProperties(
        @DefaultValue({"http://127.0.0.1:8081", "http://localhost:8081"}) List<String> allowedOrigins) {

    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::trim)
                .filter(origin -> !origin.isEmpty()).toList();
    }
}
