/** The users read model: its projection from the event log, the queries over it, and how far it has got. */
package dev.accounts.query.users;
