package dev.accounts.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as an RFC 9457 problem instead of an HTML page: what a client gets for an error no
 * application code answered, such as a request target Tomcat cannot decode (a broken percent-escape, a null byte,
 * an encoded slash), a header or request line too large, a request Spring Security's firewall rejects, or
 * {@code TRACE}. The detail is generic: it never echoes what the client sent.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        // as Tomcat's own report: only an error, only once, and only when nothing has been written yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            // nothing more can be said to this client
        }
    }

    static Map<String, Object> problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known != null ? known.getReasonPhrase() : "Error");
        problem.put("status", status);
        problem.put("detail", switch (status) {
            case 400 -> "The request is malformed: its URL, headers or parameters cannot be read.";
            case 403 -> "You do not have permission to do this.";
            case 404 -> "There is nothing here.";
            case 405 -> "This method is not allowed here.";
            case 500 -> "An unexpected error occurred.";
            case 503 -> "The service is unavailable. Retry shortly.";
            default -> (known != null ? known.getReasonPhrase() : "Error " + status) + ".";
        });
        return problem;
    }
}
