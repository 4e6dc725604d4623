/** The command side: the only writer of the event log. It never reads the query side's tables. */
package dev.accounts.command;
