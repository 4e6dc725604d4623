-- The users table's secondary indexes are dropped while a replay rebuilds the table from an empty one, and built
-- again once it has caught up: building an index over the finished table costs a fraction of keeping it up to
-- date row by row. Each dropped index's definition waits here until it is built again (see DeferredIndexes),
-- so a process that stops in between leaves nothing lost: the next one builds them.
-- On H2 (the embedded store) nothing is set aside, and this table stays empty.
CREATE TABLE deferred_index (
    index_name  VARCHAR(255)             NOT NULL PRIMARY KEY,
    table_name  VARCHAR(255)             NOT NULL,
    definition  TEXT                     NOT NULL,
    deferred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
