package dev.accounts.command.web;

import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.Registrations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up: {@code POST /api/users}. */
@RestController
class UserController {

    /** The global position of the request's last event; pass it to the query side as {@code X-Min-Position}. */
    static final String EVENT_POSITION = "X-Event-Position";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Registrations registrations;

    UserController(Registrations registrations) {
        this.registrations = registrations;
    }

    @Operation(summary = "Register a user", responses = {
            @ApiResponse(responseCode = "201", description = "Registered; Location names the user, X-Event-Position the event"),
            @ApiResponse(responseCode = "400", description = "Invalid input; errors maps each field to its messages"),
            @ApiResponse(responseCode = "409", description = "Email or username already taken"),
            @ApiResponse(responseCode = "413", description = "Body larger than the limit"),
            @ApiResponse(responseCode = "415", description = "Body is not application/json"),
            @ApiResponse(responseCode = "422", description = "Idempotency-Key reused for a different request"),
            @ApiResponse(responseCode = "500", description = "Problem outcome-unknown: the commit failed, so the account may"
                    + " or may not be stored; a retry with the same Idempotency-Key tells"),
            @ApiResponse(responseCode = "503", description = "Storage unavailable (database down, or no pooled connection"
                    + " free): nothing was stored; see Retry-After")})
    @PostMapping(path = "/api/users", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> register(@RequestBody RegistrationRequest request,
                                      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        Registrations.Opened opened = registrations.open(new Registrations.Application(
                new AccountDetails(request.email(), request.username(), request.firstName(), request.lastName()),
                request.password(), Registrations.Kind.USER, true, null, IdempotencyKeyHeader.check(idempotencyKey)));
        return ResponseEntity.created(URI.create("/api/users/" + opened.userId()))
                .header(EVENT_POSITION, Long.toString(opened.eventPosition()))
                .body(UserView.of(opened));
    }
}
