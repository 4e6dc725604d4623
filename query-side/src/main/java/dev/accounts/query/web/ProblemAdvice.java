package dev.accounts.query.web;

import dev.accounts.eventstore.StoreFailures;
import dev.accounts.query.projections.ReplayRefused;
import dev.accounts.query.projections.UnknownProjection;
import dev.accounts.query.users.ProjectionBehind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as {@code application/problem+json} (RFC 9457), with per-parameter {@code errors} where one is at fault. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest invalid) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "One or more parameters are invalid.");
        problem.setProperty("errors", invalid.errors());
        return problem;
    }

    /**
     * A query string the servlet container cannot read: a broken percent-escape, bytes that are not UTF-8, more
     * parameters than it accepts. Nothing names which parameter: the container reads them all at once.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadableParameters(InvalidParameterException unreadable) {
        HttpStatus status = HttpStatus.resolve(unreadable.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        return ResponseEntity.status(status).body(problem(status, "invalid-request", "Invalid request",
                "The query string cannot be read: it must be UTF-8, with valid percent-escapes and not too many parameters."));
    }

    @ExceptionHandler(PageNotFound.class)
    ProblemDetail pageNotFound(PageNotFound notFound) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "invalid-page", "Invalid page", "Invalid page.");
        problem.setProperty("errors", Map.of("page", List.of("Invalid page.")));
        return problem;
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden forbidden) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", forbidden.getMessage());
    }

    @ExceptionHandler(UserNotFound.class)
    ProblemDetail userNotFound(UserNotFound notFound) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not Found", notFound.getMessage());
    }

    @ExceptionHandler(UnknownProjection.class)
    ProblemDetail unknownProjection(UnknownProjection unknown) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not Found", unknown.getMessage());
    }

    @ExceptionHandler(ReplayRefused.class)
    ProblemDetail replayRefused(ReplayRefused refused) {
        return switch (refused.reason()) {
            case IN_PROGRESS -> problem(HttpStatus.CONFLICT, "replay-in-progress", "Replay in progress",
                    refused.getMessage());
            case SEGMENTS_CLAIMED -> problem(HttpStatus.CONFLICT, "segments-claimed",
                    "Segments claimed by another process", refused.getMessage());
        };
    }

    @ExceptionHandler(EventLogElsewhere.NotInThisMode.class)
    ProblemDetail notInThisMode(EventLogElsewhere.NotInThisMode notHere) {
        return problem(HttpStatus.NOT_IMPLEMENTED, "not-in-this-mode", "Not Implemented", notHere.getMessage());
    }

    @ExceptionHandler(ProjectionBehind.class)
    ResponseEntity<ProblemDetail> behind(ProjectionBehind behind) {
        return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "projection-behind", "Not there yet",
                behind.getMessage() + " Retry shortly."));
    }

    /** The database could not be used: down, restarting, or no pooled connection free within Hikari's timeout. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> storageUnavailable(Exception failure) {
        log.warn("Storage unavailable: {}", failure.toString());
        return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service Unavailable",
                "Storage is unavailable. Retry shortly."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        // the same failure wrapped on its way (by Axon's event store, reading the log for a history, say)
        if (StoreFailures.unavailable(failure)) {
            return storageUnavailable(failure);
        }
        log.error("Unexpected failure", failure);
        return ResponseEntity.internalServerError()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."));
    }

    private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }
}
