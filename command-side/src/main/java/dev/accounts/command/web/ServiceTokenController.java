package dev.accounts.command.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.command.auth.AccessTokens;
import dev.accounts.command.user.AccountChanges;
import dev.accounts.command.user.InvalidAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service tokens for downstream services that subscribe to the event feed: a superuser names the service and
 * gets an access token with scope {@code events:read}, subject {@code service:<name>} and no roles. No account is
 * created and nothing is appended; the token is not refreshable, and a new one is asked for before it expires.
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
class ServiceTokenController {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenController.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** {@code POST /api/auth/service-token}. */
    record ServiceTokenRequest(@JsonProperty("name") String name) {
    }

    /** The token, as an OAuth2 token response names it. */
    record ServiceTokenView(@JsonProperty("access") String access, @JsonProperty("token_type") String tokenType,
                            @JsonProperty("expires_in") long expiresIn, @JsonProperty("scope") String scope) {

        @Override
        public String toString() {
            return "ServiceTokenView[<redacted>]";
        }
    }

    private final AccountChanges changes;
    private final AccessTokens tokens;

    ServiceTokenController(AccountChanges changes, AccessTokens tokens) {
        this.changes = changes;
        this.tokens = tokens;
    }

    @Operation(summary = "Issue a service token for the event feed (superuser)", description = "An access token "
            + "with scope events:read, subject service:<name> and no roles, valid for accounts.auth.service-token-ttl "
            + "(default 1 hour). It reads the query side's /api/events and nothing else.", responses = {
            @ApiResponse(responseCode = "200", description = "{access, token_type, expires_in, scope}"),
            @ApiResponse(responseCode = "400", description = "name missing or not 1-64 of a-z 0-9 . _ - (errors.name)"),
            @ApiResponse(responseCode = "401", description = "No valid access token"),
            @ApiResponse(responseCode = "403", description = "Not an active superuser")})
    @PostMapping(path = "/api/auth/service-token", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ServiceTokenView> issue(@AuthenticationPrincipal Jwt caller, @RequestBody ServiceTokenRequest request) {
        UUID actor = AccountController.actor(caller);
        changes.requireSuperuser(actor);
        String name = request == null ? null : request.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidAccount(Map.of("name", List.of(
                    "Name the service with 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.")));
        }
        String token = tokens.issueService(name, AccessTokens.EVENTS_READ);
        log.info("Service token issued for service:{} by {}", name, actor);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new ServiceTokenView(token, "Bearer",
                tokens.serviceLifetime().toSeconds(), AccessTokens.EVENTS_READ));
    }
}
