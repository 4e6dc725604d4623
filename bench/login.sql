-- pgbench custom script: a login's statements alone, as the command side sends them, on the login benchmark's
-- database after its run (bench/login.sh, pipeline): the email lookup with the account's version in the log, then
-- one transaction appending a UserLoggedIn row (a copy of a real one, from the one-row table login_floor_event) and
-- storing a refresh token. Variables: users (how many accounts bench/login.sh registered).
\set u random(1, :users)
\set n random(1, 1000000000000)
SELECT c.user_id, (SELECT MAX(e.sequence_number) FROM domain_event_entry e WHERE e.aggregate_identifier = c.user_id)
  FROM account_claim c WHERE c.kind = 'email' AND c.claim_key = 'login-' || :u || '@bench.example.com';
BEGIN;
INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
    payload_type, payload_revision, payload, meta_data)
  SELECT gen_random_uuid()::text, 'floor-' || :u, :n, type, now()::text, payload_type, payload_revision,
    payload, meta_data FROM login_floor_event RETURNING global_index;
INSERT INTO refresh_token (token_hash, family_id, user_id, created_at, expires_at)
  VALUES (md5(random()::text) || md5(random()::text), gen_random_uuid()::text, 'floor-' || :u, now(),
    now() + interval '7 days');
END;
