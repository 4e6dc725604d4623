-- pgbench custom script: one single-row INSERT per transaction (autocommit), the commit-rate ceiling
-- of this PostgreSQL for small writes. The row is about the size of a registration's claim row.
-- Table (created by bench/registration.sh in a scratch database):
--   CREATE TABLE scratch (id bigserial PRIMARY KEY, k text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
\set n random(1, 1000000000)
INSERT INTO scratch (k) VALUES ('bench-' || :client_id || '-' || :n);
