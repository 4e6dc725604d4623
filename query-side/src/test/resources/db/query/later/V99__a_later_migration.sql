-- A migration written after the replay that dropped users_email_idx (PostgresDeferredIndexesIT): it fails unless
-- the index is there again.
COMMENT ON INDEX users_email_idx IS 'lookups by email';
