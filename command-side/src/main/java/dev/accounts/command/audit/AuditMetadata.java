package dev.accounts.command.audit;

import java.util.List;

/**
 * The audit metadata every event carries, under these keys (snake_case, string values). Readers of the log rely on
 * them: the query side's history serves exactly these and no other metadata.
 */
public final class AuditMetadata {

    /** Who caused the event: a user id, {@link #ANONYMOUS}, {@link #CLI} or {@link #SYSTEM}. */
    public static final String ACTOR = "actor";
    /** The request's {@code X-Request-Id} (or one generated per command line): shared by everything it caused. */
    public static final String CORRELATION_ID = "correlation_id";
    /** The identifier of the message that caused the event: the command's. */
    public static final String CAUSATION_ID = "causation_id";
    /** The HTTP client's address; absent outside an HTTP request. */
    public static final String CLIENT_ADDRESS = "client_address";
    /** The HTTP client's {@code User-Agent}; absent outside an HTTP request or when it sent none. */
    public static final String USER_AGENT = "user_agent";

    /** Every key, in the order readers show them. */
    public static final List<String> KEYS = List.of(ACTOR, CORRELATION_ID, CAUSATION_ID, CLIENT_ADDRESS, USER_AGENT);

    /** Actor of an operator's command ({@code ./accounts createsuperuser} and the other commands). */
    public static final String CLI = "cli";
    /** Actor of what the service does on its own. */
    public static final String SYSTEM = "system";
    /** Actor of a refused login from a caller who is not logged in: whoever tried is not known. */
    public static final String ANONYMOUS = "anonymous";

    private AuditMetadata() {
    }
}
