package dev.accounts.command.web;

/** A request header with a value the API cannot accept. */
class InvalidHeader extends RuntimeException {

    private final String header;

    InvalidHeader(String header, String message) {
        super(message);
        this.header = header;
    }

    String header() {
        return header;
    }
}
