package dev.accounts.command.password;

/**
 * What {@link PasswordPolicy}'s similarity check compares a password with, in this order. Any
 * component may be null or blank; such a component is skipped.
 *
 * @param email checked as "email address"
 * @param username checked as "username"
 * @param firstName checked as "first name"
 * @param lastName checked as "last name"
 */
public record UserAttributes(String email, String username, String firstName, String lastName) {
}
