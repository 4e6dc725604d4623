package dev.accounts.query.web;

import dev.accounts.query.history.EventHistory;
import dev.accounts.query.history.HistoricEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A user's audit history, for staff: read from the event log itself, so it is complete at once. */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
class HistoryController {

    private final EventHistory history;

    HistoryController(EventHistory history) {
        this.history = history;
    }

    @Operation(summary = "A user's history (staff): every public event, in log order", description = "Each event "
            + "with its log position, event_id, type, revision, time, the audit metadata (actor, correlation_id, "
            + "causation_id, client_address, user_agent, as far as the event has them) and its public payload. "
            + "The command side's internal events never appear.", responses = {
            @ApiResponse(responseCode = "200", description = "{user_id, events: [{position, event_id, type, revision, time, metadata, payload}]}"),
            @ApiResponse(responseCode = "400", description = "The id is not a UUID"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "The log holds no event of this id")})
    @GetMapping(path = "/api/users/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryView history(@AuthenticationPrincipal Jwt caller,
                        @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("id") String id) {
        QueryParameters parameters = new QueryParameters();
        UUID userId = parameters.uuid("id", id);
        parameters.check();
        if (!UserController.isStaff(caller)) {
            throw new Forbidden("Only staff may read a user's history.");
        }
        List<HistoricEvent> events = history.of(userId);
        if (events.isEmpty()) {
            throw new UserNotFound(userId);
        }
        return new HistoryView(userId, events);
    }
}
