/**
 * Tokens: ES256 access JWTs signed with keys kept in {@code signing_key}, opaque rotating refresh tokens kept
 * hashed in {@code refresh_token}, and the sessions that tie them to logins.
 */
package dev.accounts.command.auth;
