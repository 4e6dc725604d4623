/**
 * Upcasters: each turns a public event stored at an older revision into the JSON form of the next, so that both
 * sides load every event in the log as today's record. Declared in {@link dev.accounts.eventstore.upcasting.Upcasters}.
 */
package dev.accounts.eventstore.upcasting;
