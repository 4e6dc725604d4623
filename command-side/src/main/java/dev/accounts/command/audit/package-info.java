/** Audit metadata: who caused each event and which request or command line it came from, on every event. */
package dev.accounts.command.audit;
