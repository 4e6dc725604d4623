/** What both sides' web servers share: the errors the servlet container answers itself, as problem+json. */
package dev.accounts.web;
