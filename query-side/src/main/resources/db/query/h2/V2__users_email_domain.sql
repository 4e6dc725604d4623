-- A derived column: the lowercased domain of the email. Rows projected before this migration keep NULL
-- until the users projection is replayed (see README, "Changing the read model"); new events fill it.
ALTER TABLE users ADD COLUMN email_domain VARCHAR(254);
CREATE INDEX users_email_domain_idx ON users (email_domain);
