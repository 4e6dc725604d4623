/** The audit trail, read straight from the event log: a user's history, a user as of a time, the NDJSON export. */
package dev.accounts.query.history;
