package dev.echolab.server;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A start of a model this machine cannot run (io_uring on an old kernel or under Docker's default seccomp profile,
 * native transports turned off): a 409 problem that says why. The server stays UNAVAILABLE; the app is fine.
 */
public class ModelUnavailableException extends ErrorResponseException {

    public static final URI TYPE = URI.create("https://echolab.dev/problems/model-unavailable");

    public ModelUnavailableException(String model, String reason) {
        super(HttpStatus.CONFLICT, problem(model, reason), null);
    }

    private static ProblemDetail problem(String model, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                model + " cannot run on this machine: " + reason);
        problem.setTitle("Model unavailable");
        problem.setType(TYPE);
        problem.setProperty("model", model);
        problem.setProperty("reason", reason);
        return problem;
    }
}
