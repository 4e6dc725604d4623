/** The read REST API: {@code GET /api/users} and {@code GET /api/users/{id}}, with read-your-writes. */
package dev.accounts.query.web;
