package dev.echolab.server;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A start of a model this machine cannot run (io_uring on an old kernel or under Docker's default seccomp profile,
 * native transports turned off): a 409 problem that says why. The server stays UNAVAILABLE; the app is fine.
 */
public class ModelUnavailableException extends ErrorResponseException {

    public ModelUnavailableException(String model, String reason) {
        super(ServerProblemType.MODEL_UNAVAILABLE.status(), problem(model, reason), null);
    }

    private static ProblemDetail problem(String model, String reason) {
        ProblemDetail problem =
                ServerProblemType.MODEL_UNAVAILABLE.problem(model + " cannot run on this machine: " + reason);
        problem.setProperty("model", model);
        problem.setProperty("reason", reason);
        return problem;
    }
}
