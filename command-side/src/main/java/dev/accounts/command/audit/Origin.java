package dev.accounts.command.audit;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where the commands sent on a thread come from: an HTTP request (its id, the client's address and user agent, and
 * the caller once authenticated) or an operator's command line. While none is bound, the service acts on its own.
 * {@link AuditDispatchInterceptor} turns it into each command's audit metadata.
 */
public final class Origin {

    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    private final Supplier<Optional<String>> actor;
    private final String correlationId;
    private final String clientAddress;
    private final String userAgent;

    private Origin(Supplier<Optional<String>> actor, String correlationId, String clientAddress, String userAgent) {
        this.actor = actor;
        this.correlationId = correlationId;
        this.clientAddress = clientAddress;
        this.userAgent = userAgent;
    }

    /**
     * An HTTP request.
     *
     * @param caller the authenticated caller's user id, asked each time a command is sent (authentication happens
     *               after the request is bound); empty for a caller who is not logged in
     */
    public static Origin request(String requestId, String clientAddress, String userAgent,
                                 Supplier<Optional<String>> caller) {
        return new Origin(caller, requestId, clientAddress, userAgent);
    }

    /** An operator's command: actor {@code cli}, and one correlation id for everything it sends. */
    public static Origin commandLine() {
        return new Origin(() -> Optional.of(AuditMetadata.CLI), UUID.randomUUID().toString(), null, null);
    }

    /** Binds this origin to the current thread until the returned scope is closed. */
    public Scope bind() {
        Origin previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The origin bound to the current thread, if any. */
    static Optional<Origin> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Who acts, whatever the command says: the authenticated caller, or the operator. */
    Optional<String> actor() {
        return actor.get();
    }

    String correlationId() {
        return correlationId;
    }

    String clientAddress() {
        return clientAddress;
    }

    String userAgent() {
        return userAgent;
    }

    /** The binding of an origin to a thread; closing it restores what was bound before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
