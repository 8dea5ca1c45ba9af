package dev.echolab.stress;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The stress API's own errors, as problems {@link ApiProblems} renders. */
final class StressProblems {

    private StressProblems() {
    }

    static ErrorResponseException modelStopped(String id) {
        return problem(HttpStatus.CONFLICT, "model-stopped", "Model not running",
                "The " + id + " server is stopped; start it first (POST /api/servers/" + id + "/start).");
    }

    static ErrorResponseException targetForbidden(String target) {
        return problem(HttpStatus.FORBIDDEN, "target-forbidden", "Target not allowed",
                "'" + target + "' is not one of this instance's servers. Only addresses listed exactly in "
                        + "echo.stress.allowed-targets may be loaded.");
    }

    static ErrorResponseException badTarget(String target) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "targets: '" + target + "' is not host:port");
    }

    static ErrorResponseException runInProgress(String detail) {
        return problem(HttpStatus.CONFLICT, "run-in-progress", "A run is going", detail);
    }

    static ErrorResponseException unknownRun(String id) {
        return problem(HttpStatus.NOT_FOUND, "unknown-run", "Unknown run",
                "There is no run '" + id + "' (deleted, or never stored).");
    }

    static ErrorResponseException notFinished(String id, String status) {
        return problem(HttpStatus.CONFLICT, "run-not-finished", "Run not finished",
                "Run " + id + " is " + status + "; its table is ready once it has finished.");
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://echolab.dev/problems/" + type));
        return new ErrorResponseException(status, problem, null);
    }
}
