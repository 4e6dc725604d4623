package dev.accounts.command.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accounts.command.auth.Sessions;
import dev.accounts.command.user.AccountRules;
import dev.accounts.command.user.InvalidAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Login, refresh and logout. Anonymous: the body carries the credentials or the refresh token. */
@RestController
@Tag(name = "auth")
@SecurityRequirements
class AuthController {

    /** {@code POST /api/auth/login}. */
    record LoginRequest(@JsonProperty("email") String email, @JsonProperty("password") String password) {

        @Override
        public String toString() {
            return "LoginRequest[email=" + email + ", password=<redacted>]";
        }
    }

    /** {@code POST /api/auth/refresh} and {@code /logout}. */
    record RefreshRequest(@JsonProperty("refresh") String refresh) {

        @Override
        public String toString() {
            return "RefreshRequest[refresh=<redacted>]";
        }
    }

    /** An access token and the refresh token that gets the next one. */
    record TokensView(@JsonProperty("access") String access, @JsonProperty("refresh") String refresh) {

        static TokensView of(Sessions.Tokens tokens) {
            return new TokensView(tokens.access(), tokens.refresh());
        }

        @Override
        public String toString() {
            return "TokensView[<redacted>]";
        }
    }

    private final Sessions sessions;

    AuthController(Sessions sessions) {
        this.sessions = sessions;
    }

    @Operation(summary = "Log in with email and password", description = "Appends UserLoggedIn, or LoginFailed "
            + "(and AccountLocked after too many). Answers an ES256 access JWT and an opaque refresh token.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "{access, refresh}"),
                    @ApiResponse(responseCode = "400", description = "email or password missing"),
                    @ApiResponse(responseCode = "401", description = "Unknown email, wrong password or deactivated account: one message for all"),
                    @ApiResponse(responseCode = "429", description = "Account locked after too many failures, or too many requests from this client; see Retry-After")})
    @PostMapping(path = "/api/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokensView> login(@RequestBody LoginRequest request) {
        return noStore(TokensView.of(sessions.logIn(request.email(), request.password())));
    }

    @Operation(summary = "Exchange a refresh token for a new pair", description = "The token is spent: using it "
            + "again revokes every token of its login.", responses = {
            @ApiResponse(responseCode = "200", description = "{access, refresh}"),
            @ApiResponse(responseCode = "401", description = "Unknown, expired, spent or revoked refresh token")})
    @PostMapping(path = "/api/auth/refresh", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokensView> refresh(@RequestBody RefreshRequest request) {
        return noStore(TokensView.of(sessions.refresh(request.refresh())));
    }

    @Operation(summary = "Log out: revoke the refresh token and every token of its login", responses = {
            @ApiResponse(responseCode = "204", description = "Done (also for a token already revoked or unknown)"),
            @ApiResponse(responseCode = "400", description = "No refresh token given (errors.refresh)")})
    @PostMapping(path = "/api/auth/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> logout(@RequestBody RefreshRequest request) {
        if (request.refresh() == null || request.refresh().isBlank()) {
            throw new InvalidAccount(Map.of("refresh", List.of(AccountRules.REQUIRED)));
        }
        sessions.logOut(request.refresh());
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<TokensView> noStore(TokensView tokens) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens);
    }
}
