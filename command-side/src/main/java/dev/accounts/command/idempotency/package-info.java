/** Idempotency keys: a retried request gets the first answer and appends nothing new. */
package dev.accounts.command.idempotency;
