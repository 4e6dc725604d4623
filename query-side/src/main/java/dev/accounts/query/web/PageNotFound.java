package dev.accounts.query.web;

/** A page past the last one, answered 404 as Django REST framework does. */
class PageNotFound extends RuntimeException {

    PageNotFound(int page) {
        super("Invalid page: " + page);
    }
}
