package dev.accounts.query.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the admin panel's single page for each of its routes (it routes in the browser, with real URLs that can
 * be bookmarked and reloaded), and tells it where the command side is. Everything else under {@code /admin} is a
 * static resource ({@code static/admin/}). The data behind the pages stays behind the APIs' own checks.
 */
@Controller
class AdminController {

    /** What the page needs to know before it can call anything. */
    record AdminConfig(@JsonProperty("command_url") String commandUrl) {
    }

    private final AdminConfig config;

    AdminController(@Value("${accounts.admin.command-url}") String commandUrl) {
        AdminSecurityConfiguration.origin(commandUrl); // fails the start on a URL a browser could not use
        this.config = new AdminConfig(commandUrl.trim().replaceAll("/+$", ""));
    }

    @GetMapping({"/admin", "/admin/", "/admin/login", "/admin/users", "/admin/users/add", "/admin/users/{id}",
            "/admin/users/{id}/{tab}", "/admin/projections"})
    String page() {
        return "forward:/admin/index.html";
    }

    @GetMapping(path = "/admin/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<AdminConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
