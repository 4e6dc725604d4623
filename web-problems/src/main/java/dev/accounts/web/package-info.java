/**
 * What both sides' web servers share: the errors the servlet container answers itself, as problem+json, and
 * Spring Security's per-request checks done without regular expressions.
 */
package dev.accounts.web;
