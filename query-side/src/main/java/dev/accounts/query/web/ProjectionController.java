package dev.accounts.query.web;

import dev.accounts.query.projections.Projections;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operating the projections: where each stands (staff), a replay from the start of the log and dead letters retried
 * (superusers). {@link SecurityConfiguration} enforces the roles; the annotations here document them.
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
@RequestMapping(path = "/api/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionController {

    private final Projections projections;

    ProjectionController(Projections projections) {
        this.projections = projections;
    }

    @Operation(summary = "List the projections (staff): position, head, lag, replaying, events per second, dead letters",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Where each stands"),
                    @ApiResponse(responseCode = "401", description = "No valid access token"),
                    @ApiResponse(responseCode = "403", description = "Neither staff nor superuser")})
    @GetMapping
    ProjectionView.ListView list() {
        return new ProjectionView.ListView(projections.statuses().stream().map(ProjectionView::of).toList());
    }

    @Operation(summary = "Get a projection (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "Where it stands"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Neither staff nor superuser"),
            @ApiResponse(responseCode = "404", description = "No projection of that name")})
    @GetMapping("/{name}")
    ProjectionView one(@PathVariable("name") String name) {
        return ProjectionView.of(projections.status(name));
    }

    @Operation(summary = "Rebuild a projection from the start of the log (superuser)",
            description = "Empties the projection and applies the whole log again, in the background; reads keep"
                    + " answering meanwhile, with the header " + ReplayingHeader.NAME + ": true.",
            responses = {
                    @ApiResponse(responseCode = "202", description = "The replay has started; GET the Location to follow it"),
                    @ApiResponse(responseCode = "401", description = "No valid access token"),
                    @ApiResponse(responseCode = "403", description = "Not a superuser; nothing was started"),
                    @ApiResponse(responseCode = "404", description = "No projection of that name"),
                    @ApiResponse(responseCode = "409", description = "A replay is already running, or another"
                            + " process claims a segment of the projection (a replay must hold them all)")})
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionView> replay(@PathVariable("name") String name) {
        ProjectionView started = ProjectionView.of(projections.replay(name));
        ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted().location(URI.create("/api/projections/" + name));
        if (started.replaying()) {
            accepted.header(ReplayingHeader.NAME, "true"); // the filter looked before the replay began
        }
        return accepted.body(started);
    }

    @Operation(summary = "Retry a projection's dead-lettered events (superuser)", description = "Each event whose"
            + " handler now succeeds is applied and leaves the queue; one that fails again stays.", responses = {
            @ApiResponse(responseCode = "200", description = "retried, succeeded, and the dead letters left"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser; nothing was retried"),
            @ApiResponse(responseCode = "404", description = "No projection of that name")})
    @PostMapping("/{name}/dead-letters/retry")
    DeadLetterRetryView retryDeadLetters(@PathVariable("name") String name) {
        return DeadLetterRetryView.of(projections.retryDeadLetters(name));
    }
}
