/** The query side's operator commands: {@code replay}, which rebuilds a projection with a progress bar. */
package dev.accounts.query.cli;
