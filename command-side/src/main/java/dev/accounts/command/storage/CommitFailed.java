package dev.accounts.command.storage;

/**
 * The database failed while committing a command's transaction. Unlike a failure before the commit, this one
 * leaves the outcome unknown: the connection may have broken after PostgreSQL had made the transaction durable
 * but before it said so. Whoever answers must not claim that nothing was stored.
 */
public class CommitFailed extends RuntimeException {

    CommitFailed(RuntimeException cause) {
        super("The commit failed; the transaction may or may not have been committed", cause);
    }
}
