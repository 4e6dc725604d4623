/** Operating the projections: where each stands in the log, replaying one from the start, its dead letters. */
package dev.accounts.query.projections;
