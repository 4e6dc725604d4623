/** The public event contract of Accounts: what downstream services may depend on, and nothing else. */
package dev.accounts.events;
