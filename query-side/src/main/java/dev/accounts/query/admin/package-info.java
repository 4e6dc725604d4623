/** The admin panel at {@code /admin}: static pages that call the two sides' REST APIs with the operator's token. */
package dev.accounts.query.admin;
