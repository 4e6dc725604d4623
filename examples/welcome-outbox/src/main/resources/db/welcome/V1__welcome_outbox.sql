-- The welcome outbox and this service's tracking tokens, in the schema "welcome" (Flyway's default schema here).

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- one row per registered user; a relay sends the unsent ones and sets sent_at
CREATE TABLE welcome_message (
    user_id        UUID PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    username       VARCHAR(150) NOT NULL,
    first_name     VARCHAR(150) NOT NULL,
    registered_at  TIMESTAMPTZ  NOT NULL,
    -- the registration's position in Accounts' event log
    event_position BIGINT       NOT NULL,
    correlation_id VARCHAR(255),
    -- how many times the registration was delivered: 1 unless a token was reset
    deliveries     INTEGER      NOT NULL DEFAULT 1,
    sent_at        TIMESTAMPTZ
);

CREATE INDEX welcome_message_unsent ON welcome_message (registered_at) WHERE sent_at IS NULL;
