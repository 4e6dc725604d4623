/** The command side's transactions: one per command, and a commit that fails told apart from a failure before it. */
package dev.accounts.command.storage;
