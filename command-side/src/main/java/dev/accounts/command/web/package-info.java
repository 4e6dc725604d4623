/** The command side's REST API: requests in, problem+json errors out. */
package dev.accounts.command.web;
