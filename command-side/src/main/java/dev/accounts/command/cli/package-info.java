/** The command-line tools of the command side: {@code createsuperuser}. */
package dev.accounts.command.cli;
