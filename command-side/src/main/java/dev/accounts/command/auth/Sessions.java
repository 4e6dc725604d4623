package dev.accounts.command.auth;

import dev.accounts.command.user.AccountChanges;
import dev.accounts.command.user.AccountSnapshot;
import dev.accounts.command.user.Logins;
import org.springframework.stereotype.Service;

/** Login, refresh and logout: what the {@code /api/auth} routes do. */
@Service
public class Sessions {

    /** A new access token and the refresh token that gets the next one. */
    public record Tokens(String access, String refresh) {

        @Override
        public String toString() {
            return "Tokens[access=<redacted>, refresh=<redacted>]";
        }
    }

    private final Logins logins;
    private final AccountChanges accounts;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;

    Sessions(Logins logins, AccountChanges accounts, AccessTokens accessTokens, RefreshTokens refreshTokens) {
        this.logins = logins;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** Logs in (a command on the account) and opens a session, in the command's transaction. */
    public Tokens logIn(String email, String password) {
        RefreshTokens.NewToken refresh = refreshTokens.newToken();
        AccountSnapshot account = logins.logIn(email, password, refresh.digest());
        return new Tokens(accessTokens.issue(account), refresh.token());
    }

    /**
     * Spends a refresh token for a new pair; the access token carries the account's roles as they are now.
     *
     * @throws InvalidRefreshToken for a token that is not valid, or whose account is gone or deactivated
     */
    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new InvalidRefreshToken();
        }
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refreshToken);
        AccountSnapshot account = accounts.current(rotation.userId()).filter(AccountSnapshot::active).orElse(null);
        if (account == null) {
            refreshTokens.revokeFamily(rotation.family());
            throw new InvalidRefreshToken();
        }
        return new Tokens(accessTokens.issue(account), rotation.next());
    }

    /** Ends the session a refresh token belongs to. Unknown tokens are ignored, so logging out twice is harmless. */
    public void logOut(String refreshToken) {
        if (refreshToken != null && !refreshToken.isBlank()) {
            refreshTokens.revoke(refreshToken);
        }
    }
}
