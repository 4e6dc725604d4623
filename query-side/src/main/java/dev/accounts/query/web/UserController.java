package dev.accounts.query.web;

import dev.accounts.query.history.EventHistory;
import dev.accounts.query.users.ReadYourWrites;
import dev.accounts.query.users.UserQueries;
import dev.accounts.query.users.UserSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads users: the list (search, filters, ordering, pages) and one user by id, for staff; the caller's own
 * account at {@code /me} (and by its id) for anyone logged in. One user {@code as_of} a time is rebuilt from the
 * event log instead of read from the projection.
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
@RequestMapping(path = "/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

    /** A position the answer must reflect: the {@code X-Event-Position} the command side returned. */
    static final String MIN_POSITION = "X-Min-Position";

    private final UserQueries users;
    private final ReadYourWrites readYourWrites;
    private final EventHistory history;

    UserController(UserQueries users, ReadYourWrites readYourWrites, EventHistory history) {
        this.users = users;
        this.readYourWrites = readYourWrites;
        this.history = history;
    }

    @Operation(summary = "List users (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "A page of users: count, next, previous, results"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "400", description = "A malformed parameter or X-Min-Position; errors names each"),
            @ApiResponse(responseCode = "404", description = "A page past the last one"),
            @ApiResponse(responseCode = "503", description = "The projection did not reach X-Min-Position in time; see Retry-After")})
    @GetMapping
    UserPageView list(
            @Parameter(description = "Words that must each appear in the email, username, first or last name (any letter case)")
            @RequestParam(name = "search", required = false) String search,
            @Parameter(schema = @Schema(type = "boolean")) @RequestParam(name = "is_active", required = false) String active,
            @Parameter(schema = @Schema(type = "boolean")) @RequestParam(name = "is_staff", required = false) String staff,
            @Parameter(schema = @Schema(type = "boolean")) @RequestParam(name = "is_superuser", required = false) String superuser,
            @Parameter(description = "Comma-separated columns, - prefix for descending; ties broken by id. Default date_joined")
            @RequestParam(name = "ordering", required = false) String ordering,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", defaultValue = "1"))
            @RequestParam(name = "page", required = false) String page,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
            @RequestParam(name = "page_size", required = false) String pageSize,
            @Parameter(description = "Answer only once the projection has applied this log position", schema = @Schema(type = "integer", minimum = "0"))
            @RequestHeader(name = MIN_POSITION, required = false) String minPosition,
            HttpServletRequest request) {
        QueryParameters parameters = new QueryParameters();
        List<String> terms = parameters.searchTerms(search);
        Boolean isActive = parameters.flag("is_active", active);
        Boolean isStaff = parameters.flag("is_staff", staff);
        Boolean isSuperuser = parameters.flag("is_superuser", superuser);
        List<UserSearch.Order> order = parameters.ordering(ordering);
        int pageNumber = parameters.integer("page", page, 1, 1, Integer.MAX_VALUE);
        int size = parameters.integer("page_size", pageSize, QueryParameters.DEFAULT_PAGE_SIZE, 1,
                QueryParameters.MAX_PAGE_SIZE);
        long position = parameters.minPosition(MIN_POSITION, minPosition);
        parameters.check();

        readYourWrites.awaitPosition(position);
        UserQueries.Page found = users.search(
                new UserSearch(terms, isActive, isStaff, isSuperuser, order, pageNumber, size));
        if (found.users().isEmpty() && pageNumber > 1) {
            throw new PageNotFound(pageNumber);
        }
        return new UserPageView(found.count(), PageLinks.next(request, pageNumber, found.count(), size),
                PageLinks.previous(request, pageNumber), found.users().stream().map(UserView::of).toList());
    }

    @Operation(summary = "The caller's own account", responses = {
            @ApiResponse(responseCode = "200", description = "The user, with date_joined and last_login"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "404", description = "Not in the projection (yet: pass X-Min-Position)"),
            @ApiResponse(responseCode = "503", description = "The projection did not reach X-Min-Position in time; see Retry-After")})
    @GetMapping("/me")
    UserView me(
            @AuthenticationPrincipal Jwt caller,
            @Parameter(description = "Answer only once the projection has applied this log position", schema = @Schema(type = "integer", minimum = "0"))
            @RequestHeader(name = MIN_POSITION, required = false) String minPosition) {
        return one(caller, caller.getSubject(), null, minPosition);
    }

    @Operation(summary = "Get a user (staff, or the user itself), now or as of a time", description = "With as_of, "
            + "the user as they were at that time, rebuilt from the event log by the projection's own rules (the "
            + "log is read directly, so X-Min-Position is not needed).", responses = {
            @ApiResponse(responseCode = "200", description = "The user, with date_joined and last_login"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Neither staff nor this user"),
            @ApiResponse(responseCode = "400", description = "The id is not a UUID, as_of is not an ISO-8601 time, or X-Min-Position is malformed"),
            @ApiResponse(responseCode = "404", description = "No such user (at as_of: not yet)"),
            @ApiResponse(responseCode = "503", description = "The projection did not reach X-Min-Position in time; see Retry-After")})
    @GetMapping("/{id}")
    UserView one(
            @AuthenticationPrincipal Jwt caller,
            @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("id") String id,
            @Parameter(description = "The user as they were at this time (ISO-8601 with an offset, e.g. 2026-11-24T10:00:00Z)",
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(name = "as_of", required = false) String asOf,
            @Parameter(description = "Answer only once the projection has applied this log position", schema = @Schema(type = "integer", minimum = "0"))
            @RequestHeader(name = MIN_POSITION, required = false) String minPosition) {
        QueryParameters parameters = new QueryParameters();
        UUID userId = parameters.uuid("id", id);
        Instant at = parameters.instant("as_of", asOf);
        long position = parameters.minPosition(MIN_POSITION, minPosition);
        parameters.check();
        if (!isStaff(caller) && !userId.toString().equals(caller.getSubject())) {
            throw new Forbidden("Only staff may read other users.");
        }
        if (at != null) {
            return history.asOf(userId, at).map(UserView::of).orElseThrow(() -> new UserNotFound(userId, at));
        }

        readYourWrites.awaitPosition(position);
        return users.find(userId).map(UserView::of).orElseThrow(() -> new UserNotFound(userId));
    }

    static boolean isStaff(Jwt caller) {
        List<String> roles = caller.getClaimAsStringList("roles");
        return roles != null && (roles.contains(SecurityConfiguration.STAFF) || roles.contains(SecurityConfiguration.SUPERUSER));
    }
}
