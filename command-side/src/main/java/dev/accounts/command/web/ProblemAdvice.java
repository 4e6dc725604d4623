package dev.accounts.command.web;

import dev.accounts.command.auth.InvalidRefreshToken;
import dev.accounts.command.idempotency.IdempotencyKeyReused;
import dev.accounts.command.storage.CommitFailed;
import dev.accounts.command.user.AccessDenied;
import dev.accounts.command.user.AccountLockedOut;
import dev.accounts.command.user.InvalidCredentials;
import dev.accounts.command.user.LastSuperuser;
import dev.accounts.command.user.PasswordChangedMeanwhile;
import dev.accounts.command.user.UnknownAccount;
import dev.accounts.command.user.AlreadyTaken;
import dev.accounts.command.user.InvalidAccount;
import dev.accounts.eventstore.StoreFailures;
import io.axoniq.axonserver.connector.AxonServerException;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Every error as {@code application/problem+json} (RFC 9457), with per-field {@code errors} where a field is at fault. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidAccount.class)
    ProblemDetail invalid(InvalidAccount invalid) {
        return withErrors(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid input",
                "One or more fields are invalid."), invalid.faults());
    }

    @ExceptionHandler(AlreadyTaken.class)
    ProblemDetail taken(AlreadyTaken taken) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        taken.fields().forEach(field -> errors.put(field, List.of("A user with that " + field + " already exists.")));
        return withErrors(problem(HttpStatus.CONFLICT, "already-taken", "Already taken",
                "A user with that " + String.join(" and ", taken.fields()) + " already exists."), errors);
    }

    @ExceptionHandler(InvalidCredentials.class)
    ProblemDetail invalidCredentials(InvalidCredentials invalid) {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", InvalidCredentials.MESSAGE);
    }

    @ExceptionHandler(AccountLockedOut.class)
    ResponseEntity<ProblemDetail> lockedOut(AccountLockedOut locked) {
        long seconds = Math.max(1, (locked.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "locked-out", "Too many failed logins",
                        "Too many failed login attempts. Try again in " + seconds + " seconds."));
    }

    @ExceptionHandler(InvalidRefreshToken.class)
    ProblemDetail invalidRefreshToken(InvalidRefreshToken invalid) {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "Invalid refresh token", invalid.getMessage());
    }

    /**
     * Another request changed the account between this one's read and its append: nothing was stored. The same
     * answer on every endpoint (a login's says nothing about the account that an unknown email's would not).
     */
    @ExceptionHandler({ConcurrencyException.class, PasswordChangedMeanwhile.class})
    ResponseEntity<ProblemDetail> changedMeanwhile(RuntimeException conflict) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "changed-meanwhile", "Changed meanwhile",
                        "Another request changed the same data at the same moment; nothing was stored. Retry shortly."));
    }

    @ExceptionHandler(AccessDenied.class)
    ProblemDetail accessDenied(AccessDenied denied) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", denied.getMessage());
    }

    @ExceptionHandler(UnknownAccount.class)
    ProblemDetail unknownAccount(UnknownAccount unknown) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not Found", unknown.getMessage());
    }

    @ExceptionHandler(LastSuperuser.class)
    ProblemDetail lastSuperuser(LastSuperuser last) {
        return problem(HttpStatus.CONFLICT, "last-superuser", "Last active superuser", last.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ProblemDetail reused(IdempotencyKeyReused reused) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                reused.getMessage());
    }

    @ExceptionHandler(InvalidHeader.class)
    ProblemDetail invalidHeader(InvalidHeader invalid) {
        return withErrors(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid header", invalid.getMessage()),
                Map.of(invalid.header(), List.of(invalid.getMessage())));
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ProblemDetail tooLarge(PayloadTooLarge tooLarge) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
    }

    /**
     * The database could not be used (down, restarting, or no pooled connection free within Hikari's
     * connection timeout) before anything was committed: the command's transaction rolled back. The last two:
     * Axon Server (profile axonserver) unreachable when the events are appended or read.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class, StatusRuntimeException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception failure) {
        log.warn("Storage unavailable: {}", rootCause(failure));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service Unavailable",
                        "Storage is unavailable; nothing was stored. Retry shortly."));
    }

    /**
     * The commit itself failed: PostgreSQL may have made the transaction durable before the connection broke, so
     * this is the one storage failure that must not say "nothing was stored". The same Idempotency-Key tells.
     */
    @ExceptionHandler(CommitFailed.class)
    ResponseEntity<ProblemDetail> outcomeUnknown(CommitFailed failure) {
        log.warn("Commit failed, outcome unknown: {}", rootCause(failure));
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "outcome-unknown", "Outcome unknown",
                        "Storage failed while this request was being committed, so it may or may not have been "
                                + "stored. Retry it with the same Idempotency-Key to get its answer."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        // Axon's event store wraps the driver's exception in its own, and the command gateway passes it on as it is
        if (StoreFailures.unavailable(failure)) {
            return unavailable(failure);
        }
        log.error("Unexpected failure", failure);
        return ResponseEntity.internalServerError()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."));
    }

    /** The failure and, when it differs, what lies under it (the driver's "connection refused", say): never a value. */
    private static String rootCause(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Malformed request body",
                "The request body is not valid JSON for this endpoint.");
        if (unreadable.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()
                && databind.getPath().get(0).getPropertyName() != null) {
            String field = databind.getPath().get(0).getPropertyName();
            withErrors(problem, Map.of(field, List.of("Not a valid string.")));
        } else if (unreadable.getCause() instanceof JacksonException) {
            problem.setDetail("The request body is not valid JSON.");
        } else if (unreadable.getCause() == null) {
            problem.setDetail("The request body is missing.");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, Map<String, List<String>> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }
}
