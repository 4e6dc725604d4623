package dev.accounts.query.projections;

/**
 * What retrying a projection's dead letters did.
 *
 * @param retried   the dead-lettered events there were
 * @param succeeded how many of them are now applied and gone from the queue
 * @param remaining how many are still dead-lettered (their handler failed again)
 */
public record DeadLetterRetry(long retried, long succeeded, long remaining) {
}
