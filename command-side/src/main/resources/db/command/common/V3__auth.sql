-- Refresh tokens: only a SHA-256 of each token is stored (tokens are 256 random bits, so a fast digest is
-- enough). A family is one login's chain of rotated tokens; reusing a spent one revokes the whole family.
CREATE TABLE refresh_token (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    family_id   VARCHAR(36)  NOT NULL,
    user_id     VARCHAR(36)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    spent_at    TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);

-- The keys that sign access tokens (ES256 JWKs, private part included): generated on first start, never in
-- an event, a log or a response. The newest signs; older ones keep verifying until their tokens have expired.
CREATE TABLE signing_key (
    kid        VARCHAR(64)   PRIMARY KEY,
    jwk        VARCHAR(4096) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per active superuser, written in the command's transaction: removing a superuser locks the rows,
-- so concurrent removals are serialised and the last active superuser is never removed.
CREATE TABLE superuser_seat (
    user_id VARCHAR(36) PRIMARY KEY
);
-- Until now a superuser could only be created, never demoted or deactivated.
INSERT INTO superuser_seat (user_id)
SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE payload_type = 'dev.accounts.events.SuperuserCreated';
