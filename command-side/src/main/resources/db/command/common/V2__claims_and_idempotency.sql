-- Command-side state. A claim holds an email or username (case-folded) for one account.
CREATE TABLE account_claim (
    kind       VARCHAR(16)  NOT NULL,
    claim_key  VARCHAR(1024) NOT NULL,
    user_id    VARCHAR(36)  NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (kind, claim_key)
);

-- A request sent with an Idempotency-Key, so that a retry gets the first answer.
CREATE TABLE idempotency_key (
    idempotency_key     VARCHAR(255) PRIMARY KEY,
    request_fingerprint VARCHAR(64)  NOT NULL,
    user_id             VARCHAR(36)  NOT NULL,
    event_position      BIGINT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
