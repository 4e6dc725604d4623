package dev.accounts.command.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.command.user.AccessDenied;
import dev.accounts.command.user.AccountChanges;
import dev.accounts.command.user.AccountDetails;
import dev.accounts.command.user.InvalidAccount;
import dev.accounts.command.user.Registrations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changes to existing accounts, each a command of its own, and superuser creation: every route needs an
 * access token, and the services decide what its holder may do (self, staff or superuser).
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
class AccountController {

    private static final Set<String> PROFILE_FIELDS = Set.of("email", "username", "first_name", "last_name");

    /** {@code POST /api/users/{id}/password}. */
    record PasswordChangeRequest(@JsonProperty("old_password") String oldPassword,
                                 @JsonProperty("new_password") String newPassword) {

        @Override
        public String toString() {
            return "PasswordChangeRequest[<redacted>]";
        }
    }

    /** The fields {@code PATCH /api/users/{id}} accepts, for the API docs. */
    record ProfileChangeRequest(@JsonProperty("email") String email, @JsonProperty("username") String username,
                                @JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName) {
    }

    private final AccountChanges changes;
    private final Registrations registrations;

    AccountController(AccountChanges changes, Registrations registrations) {
        this.changes = changes;
        this.registrations = registrations;
    }

    @Operation(summary = "Change first or last name, username or email (self or staff)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ProfileChangeRequest.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The account after the change; X-Event-Position"),
                    @ApiResponse(responseCode = "400", description = "Invalid value or unknown field; errors names each"),
                    @ApiResponse(responseCode = "401", description = "No valid access token"),
                    @ApiResponse(responseCode = "403", description = "Neither the account itself nor staff"),
                    @ApiResponse(responseCode = "404", description = "No such account"),
                    @ApiResponse(responseCode = "409", description = "Email or username taken by another account")})
    @PatchMapping(path = "/api/users/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> update(@AuthenticationPrincipal Jwt caller,
                                    @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("id") String id,
                                    @RequestBody Map<String, Object> body) {
        UUID target = userId(id);
        Map<String, List<String>> faults = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        body.forEach((field, value) -> {
            if (!PROFILE_FIELDS.contains(field)) {
                faults.put(field, List.of("This field cannot be changed here."));
            } else if (value != null && !(value instanceof String)) {
                faults.put(field, List.of("Not a valid string."));
            } else if (value == null && ("email".equals(field) || "username".equals(field))) {
                faults.put(field, List.of("This field may not be null."));
            } else {
                values.put(field, value == null ? "" : (String) value);
            }
        });
        if (!faults.isEmpty()) {
            throw new InvalidAccount(faults);
        }
        AccountChanges.Changed changed = changes.update(actor(caller), target, new AccountChanges.ProfileUpdate(
                values.get("email"), values.get("username"), values.get("first_name"), values.get("last_name")));
        return answer(changed);
    }

    @Operation(summary = "Change the password (self with the old password, or a superuser)", responses = {
            @ApiResponse(responseCode = "204", description = "Changed; every refresh token of the account is revoked"),
            @ApiResponse(responseCode = "400", description = "Wrong old password, or a new one the validators refuse"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Neither the account itself nor a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    @PostMapping(path = "/api/users/{id}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal Jwt caller,
                                        @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("id") String id,
                                        @RequestBody PasswordChangeRequest request) {
        long position = changes.changePassword(actor(caller), userId(id), request.oldPassword(), request.newPassword());
        return ResponseEntity.noContent().header(UserController.EVENT_POSITION, Long.toString(position)).build();
    }

    @Operation(summary = "Deactivate an account (superuser); its refresh tokens are revoked", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account"),
            @ApiResponse(responseCode = "409", description = "The last active superuser")})
    @PostMapping(path = "/api/users/{id}/deactivate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> deactivate(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::deactivate);
    }

    @Operation(summary = "Activate a deactivated account (superuser)", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    @PostMapping(path = "/api/users/{id}/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> activate(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::activate);
    }

    @Operation(summary = "Grant staff status (superuser)", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    @PostMapping(path = "/api/users/{id}/staff", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> grantStaff(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::grantStaff);
    }

    @Operation(summary = "Revoke staff status (superuser)", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    @DeleteMapping(path = "/api/users/{id}/staff", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> revokeStaff(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::revokeStaff);
    }

    @Operation(summary = "Grant superuser status (superuser)", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    @PostMapping(path = "/api/users/{id}/superuser", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> grantSuperuser(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::grantSuperuser);
    }

    @Operation(summary = "Revoke superuser status (superuser; never the last active one)", responses = {
            @ApiResponse(responseCode = "200", description = "The account; X-Event-Position"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "404", description = "No such account"),
            @ApiResponse(responseCode = "409", description = "The last active superuser")})
    @DeleteMapping(path = "/api/users/{id}/superuser", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> revokeSuperuser(@AuthenticationPrincipal Jwt caller, @PathVariable("id") String id) {
        return change(caller, id, changes::revokeSuperuser);
    }

    @Operation(summary = "Create a superuser (superuser)", responses = {
            @ApiResponse(responseCode = "201", description = "Created; Location, X-Event-Position"),
            @ApiResponse(responseCode = "400", description = "Invalid input; errors maps each field to its messages"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not a superuser"),
            @ApiResponse(responseCode = "409", description = "Email or username already taken"),
            @ApiResponse(responseCode = "422", description = "Idempotency-Key reused for a different request")})
    @PostMapping(path = "/api/superusers", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> createSuperuser(@AuthenticationPrincipal Jwt caller,
                                             @RequestBody RegistrationRequest request,
                                             @RequestHeader(name = UserController.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        UUID actor = actor(caller);
        changes.requireSuperuser(actor);
        Registrations.Opened opened = registrations.open(new Registrations.Application(
                new AccountDetails(request.email(), request.username(), request.firstName(), request.lastName()),
                request.password(), Registrations.Kind.SUPERUSER, true, actor.toString(),
                IdempotencyKeyHeader.check(idempotencyKey)));
        return ResponseEntity.created(URI.create("/api/users/" + opened.userId()))
                .header(UserController.EVENT_POSITION, Long.toString(opened.eventPosition()))
                .body(UserView.of(opened));
    }

    private ResponseEntity<UserView> change(Jwt caller, String id, BiFunction<UUID, UUID, AccountChanges.Changed> change) {
        UUID actor = actor(caller);
        return answer(change.apply(actor, userId(id)));
    }

    private static ResponseEntity<UserView> answer(AccountChanges.Changed changed) {
        return ResponseEntity.ok().header(UserController.EVENT_POSITION, Long.toString(changed.eventPosition()))
                .body(UserView.of(changed.account()));
    }

    static UUID actor(Jwt caller) {
        try {
            return UUID.fromString(caller.getSubject());
        } catch (RuntimeException notAnAccount) {
            throw new AccessDenied("The access token names no account.");
        }
    }

    private static UUID userId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidAccount(Map.of("id", List.of("Must be a valid UUID.")));
        }
    }
}
