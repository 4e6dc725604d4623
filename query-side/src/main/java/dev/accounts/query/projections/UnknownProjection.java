package dev.accounts.query.projections;

/** No projection of that name on this side. */
public class UnknownProjection extends RuntimeException {

    public UnknownProjection(String name) {
        super("Unknown projection '" + name + "'; the projections are: " + String.join(", ", Projections.NAMES) + ".");
    }
}
