package dev.echolab.server;

import dev.echolab.web.ProblemType;
import dev.echolab.web.ProblemTypeCatalog;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The problem types of the echo servers' API ({@code /api/models}, {@code /api/servers}): a model that does not
 * exist, cannot listen, cannot run here or runs elsewhere. See {@link ProblemType}.
 */
public enum ServerProblemType implements ProblemType {
    UNKNOWN_MODEL(
            "unknown-model",
            HttpStatus.NOT_FOUND,
            "Unknown model",
            "The path or the request names an IO model this app does not have. The knownModels member lists the "
                    + "ones it has.",
            "Use one of the ids of GET /api/models."),
    CANNOT_BIND(
            "cannot-bind",
            HttpStatus.CONFLICT,
            "Cannot bind",
            "The server could not listen on its port: another process holds it, or the port is not allowed. The "
                    + "reason member is the operating system's. The server stays STOPPED.",
            "Start it on another port (POST /api/servers/{model}/start with {\"port\": n}, 0 for any free one) or "
                    + "free this one."),
    MODEL_UNAVAILABLE(
            "model-unavailable",
            HttpStatus.CONFLICT,
            "Model unavailable",
            "The model needs something this machine lacks (io-uring: Linux 5.1 or later with io_uring allowed; under "
                    + "Docker's default seccomp profile or with native transports turned off it is not). The server "
                    + "stays UNAVAILABLE; the rest of the app is fine.",
            "Read the reason member (also in GET /api/servers/{model}); run on a machine or under a seccomp "
                    + "profile that allows it, or use another model."),
    START_FAILED(
            "start-failed",
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Start failed",
            "The server could not start for a reason other than its port: what the model runs on could not be set up "
                    + "(an io_uring ring the kernel would not create, no thread to be had). The server is FAILED, with "
                    + "the reason in lastError; the rest of the app runs.",
            "Read the reason member (also in GET /api/servers/{model}); free what the machine lacks (memory "
                    + "locked for io_uring, tasks under pids.max or ulimit -u) and start it again, or use another "
                    + "model."),
    RUNNING_ELSEWHERE(
            "running-elsewhere",
            HttpStatus.CONFLICT,
            "Already running on another port",
            "A start asked for a port, but the server is already running on another one.",
            "Stop it first (POST /api/servers/{model}/stop), then start it on the new port.");

    private final Definition definition;

    ServerProblemType(String slug, HttpStatus status, String title, String meaning, String whatToDo) {
        this.definition = new Definition(slug, status, title, meaning, whatToDo);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** Lists these types on the problem pages. */
    @Component
    @Order(1)
    static class Catalog implements ProblemTypeCatalog {
        @Override
        public List<ProblemType> types() {
            return List.of(values());
        }
    }
}
