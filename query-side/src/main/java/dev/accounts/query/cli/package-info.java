/** The query side's operator commands: {@code replay}, which rebuilds a projection, and {@code events export}. */
package dev.accounts.query.cli;
