/** The User aggregate, its commands, the account rules, uniqueness claims and the registration flow. */
package dev.accounts.command.user;
