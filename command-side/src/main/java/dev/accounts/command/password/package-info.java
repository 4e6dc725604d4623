/**
 * Passwords: Django's four password validators ({@link dev.accounts.command.password.PasswordPolicy})
 * and hashing in Django's stored formats ({@link dev.accounts.command.password.PasswordHashing}),
 * configured by {@link dev.accounts.command.password.PasswordProperties} ({@code accounts.password.*}).
 */
package dev.accounts.command.password;
