/** The query side: projections of the event log and the read API. It never imports the command side. */
package dev.accounts.query;
