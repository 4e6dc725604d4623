-- The users projection: one row per account, rebuilt from the event log by the "users" processor.
-- No unique constraint but the key: the command side guarantees uniqueness, and a projection must never
-- reject an event the log already holds.
CREATE TABLE users (
    id                  UUID         PRIMARY KEY,
    email               VARCHAR(254) NOT NULL,
    username            VARCHAR(150) NOT NULL,
    first_name          VARCHAR(150) NOT NULL DEFAULT '',
    last_name           VARCHAR(150) NOT NULL DEFAULT '',
    is_active           BOOLEAN      NOT NULL,
    is_staff            BOOLEAN      NOT NULL,
    is_superuser        BOOLEAN      NOT NULL,
    date_joined         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login          TIMESTAMP WITH TIME ZONE,
    -- global index of the last event applied to this row: a redelivered or older event never overwrites it
    last_event_position BIGINT       NOT NULL
);

-- ordering (the id tie-break is the primary key)
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_username_idx ON users (username);
CREATE INDEX users_first_name_idx ON users (first_name);
CREATE INDEX users_last_name_idx ON users (last_name);
CREATE INDEX users_date_joined_idx ON users (date_joined);
CREATE INDEX users_last_login_idx ON users (last_login);

-- search is "contains, any letter case" (LOWER(column) LIKE '%term%'), which only trigram indexes serve.
-- pg_trgm ships with PostgreSQL and is a trusted extension (15+: the database owner may create it); where it
-- cannot be created, search still works, by scanning.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): user search will scan the users table', SQLERRM;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX users_email_search_idx ON users USING gin (LOWER(email) gin_trgm_ops);
        CREATE INDEX users_username_search_idx ON users USING gin (LOWER(username) gin_trgm_ops);
        CREATE INDEX users_first_name_search_idx ON users USING gin (LOWER(first_name) gin_trgm_ops);
        CREATE INDEX users_last_name_search_idx ON users USING gin (LOWER(last_name) gin_trgm_ops);
    END IF;
END
$$;

-- Axon's token store (names as in the TokenSchema bean): where each processor segment has got to in the
-- log. Rows and tokens commit in one transaction, so a token is also the read model's watermark.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Axon's dead-letter queue (JdbcSequencedDeadLetterQueue; names as in the DeadLetterSchema bean, which are
-- DeadLetterSchema.defaultSchema()'s in snake_case; timestamps are ISO-8601 strings, as Axon writes them).
CREATE TABLE dead_letter_entry (
    dead_letter_identifier VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group       VARCHAR(255)  NOT NULL,
    sequence_identifier    VARCHAR(255)  NOT NULL,
    sequence_index         BIGINT        NOT NULL,
    message_type           VARCHAR(255)  NOT NULL,
    event_identifier       VARCHAR(255)  NOT NULL,
    timestamp              VARCHAR(255)  NOT NULL,
    payload_type           VARCHAR(255)  NOT NULL,
    payload_revision       VARCHAR(255),
    payload                BYTEA         NOT NULL,
    meta_data              BYTEA,
    type                   VARCHAR(255),
    aggregate_identifier   VARCHAR(255),
    sequence_number        BIGINT,
    token_type             VARCHAR(255),
    token                  BYTEA,
    enqueued_at            VARCHAR(255)  NOT NULL,
    last_touched           VARCHAR(255),
    processing_started     VARCHAR(255),
    cause_type             VARCHAR(255),
    cause_message          VARCHAR(1023),
    diagnostics            BYTEA,
    CONSTRAINT dead_letter_entry_sequence_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_entry_processing_group_idx ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_sequence_idx ON dead_letter_entry (processing_group, sequence_identifier);
