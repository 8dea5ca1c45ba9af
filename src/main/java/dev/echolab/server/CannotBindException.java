package dev.echolab.server;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A start that could not bind its port (in use, or not allowed): a 409 problem with the address, the port and
 * the operating system's reason. The server it was for stays STOPPED.
 */
public class CannotBindException extends ErrorResponseException {

    public CannotBindException(String model, String bindAddress, int port, String reason, Throwable cause) {
        super(ServerProblemType.CANNOT_BIND.status(), problem(model, bindAddress, port, reason), cause);
    }

    private static ProblemDetail problem(String model, String bindAddress, int port, String reason) {
        ProblemDetail problem = ServerProblemType.CANNOT_BIND.problem(model + " cannot listen on " + bindAddress + ":"
                + port + ": " + reason + ". The server stays STOPPED; start it on another port or free this one.");
        problem.setProperty("model", model);
        problem.setProperty("bindAddress", bindAddress);
        problem.setProperty("port", port);
        problem.setProperty("reason", reason);
        return problem;
    }
}
