package dev.accounts.query.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The {@code next} and {@code previous} links of a page: this request's URL with another {@code page},
 * every other parameter kept (page 1 is the URL without {@code page}, as Django REST framework does).
 */
final class PageLinks {

    private PageLinks() {
    }

    static String next(HttpServletRequest request, int page, long count, int pageSize) {
        return (long) page * pageSize < count ? link(request, page + 1) : null;
    }

    static String previous(HttpServletRequest request, int page) {
        return page > 1 ? link(request, page - 1) : null;
    }

    private static String link(HttpServletRequest request, int page) {
        List<String> query = new ArrayList<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!parameter.getKey().equals("page")) {
                for (String value : parameter.getValue()) {
                    query.add(encode(parameter.getKey()) + "=" + encode(value));
                }
            }
        }
        if (page > 1) {
            query.add("page=" + page);
        }
        String base = ServletUriComponentsBuilder.fromRequestUri(request).build().toUriString();
        return query.isEmpty() ? base : base + "?" + String.join("&", query);
    }

    // form encoding (space as +, + as %2B), which is how the servlet container decodes a query
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
