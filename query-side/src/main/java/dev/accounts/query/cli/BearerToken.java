package dev.accounts.query.cli;

import java.util.Optional;

/** The access token sent to a running query side as {@code Authorization: Bearer ...}. */
interface BearerToken extends AutoCloseable {

    String value();

    /**
     * A new token in place of one the query side refused as expired (an access token lives 15 minutes, a replay can
     * take longer); empty when there is no way to one.
     */
    Optional<String> renew();

    /** Revokes whatever was issued for this command; nothing for a token it was given. */
    @Override
    void close();

    /** A token the operator gave (ACCOUNTS_ACCESS_TOKEN): used as it is, never renewed. */
    static BearerToken given(String token) {
        return new Given(token);
    }

    /** What {@link #given} answers. */
    record Given(String value) implements BearerToken {

        @Override
        public Optional<String> renew() {
            return Optional.empty();
        }

        @Override
        public void close() {
            // not this command's to revoke
        }
    }
}
