package dev.echolab.server;

import dev.echolab.server.EchoServers.StartFailedException;
import dev.echolab.web.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * State, counters, start and stop of the echo servers, one per model. Start and stop are idempotent. Every call
 * on {@code /{model}} answers 404 for an unknown id (documented once, with the problem answers every call shares).
 */
@RestController
@RequestMapping(path = "/api/servers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "servers", description = "The echo servers: state, live counters, start and stop")
class ServersController {

    private final EchoServers servers;

    ServersController(EchoServers servers) {
        this.servers = servers;
    }

    @GetMapping
    @Operation(
            operationId = "listServers",
            summary = "List every echo server",
            description = "State, address and live counters of every model's "
                    + "server. Counters are kept for the life of the process, across restarts of a server.")
    @ApiResponse(
            responseCode = "200",
            description = "Every server, in the order of the models",
            content =
                    @Content(
                            array = @ArraySchema(schema = @Schema(implementation = ServerView.class)),
                            examples = @ExampleObject(name = "servers", ref = "servers")))
    List<ServerView> list() {
        Map<IoModel, ModelUsage.Usage> usage = servers.usage().all();
        return servers.statuses().stream().map(s -> view(s, usage)).toList();
    }

    @GetMapping("/{model}")
    @Operation(operationId = "getServer", summary = "One echo server")
    @ApiResponse(
            responseCode = "200",
            description = "The server",
            content =
                    @Content(
                            schema = @Schema(implementation = ServerView.class),
                            examples = @ExampleObject(name = "running", ref = "server-running")))
    ServerView one(@PathVariable @Parameter(description = "model id", example = "thread-pool") String model) {
        return view(servers.status(model(model)), servers.usage().all());
    }

    @PostMapping("/{model}/start")
    @Operation(
            operationId = "startServer",
            summary = "Start an echo server",
            description = "Idempotent: starting a running server changes "
                    + "nothing and answers its state. With a port, the server listens there from now on (0 = any free port, "
                    + "the answer says which). A port that cannot be bound answers 409 and leaves the server STOPPED. A "
                    + "port other than the one a running server listens on answers 409 too, and the server keeps running "
                    + "where it is: stop it first to move it.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = false,
            content =
                    @Content(
                            schema = @Schema(implementation = StartRequest.class),
                            examples = {
                                @ExampleObject(name = "a port", ref = "server-start-on-port"),
                                @ExampleObject(name = "any free port", ref = "server-start-on-any-port"),
                                @ExampleObject(name = "the configured port", ref = "server-start-on-configured-port")
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "The server, now RUNNING",
            content =
                    @Content(
                            schema = @Schema(implementation = ServerView.class),
                            examples = @ExampleObject(name = "running", ref = "server-running")))
    @ProblemAnswer(
            value = {"invalid-request", "malformed-body"},
            description = "A field out of range, an unknown field, or malformed JSON",
            examples = {
                @ExampleObject(name = "port out of range", ref = "server-port-out-of-range"),
                @ExampleObject(name = "malformed JSON", ref = "server-malformed-json")
            })
    @ProblemAnswer(
            value = {"cannot-bind", "running-elsewhere", "model-unavailable"},
            description = "The port cannot be bound (in use, or not allowed), the server already listens on another "
                    + "port, or this machine cannot run the model (UNAVAILABLE)",
            examples = {
                @ExampleObject(name = "cannot bind", ref = "server-cannot-bind"),
                @ExampleObject(name = "running elsewhere", ref = "server-running-elsewhere"),
                @ExampleObject(name = "unavailable", ref = "server-model-unavailable")
            })
    @ProblemAnswer(
            value = "start-failed",
            description = "The server could not start for a reason other than its port (what the model runs on could "
                    + "not be set up, e.g. an io_uring ring the kernel refused); it is FAILED with the reason. Or "
                    + "something unexpected; the body has no stack trace, the server log has it",
            examples = @ExampleObject(name = "start failed", ref = "server-start-failed"))
    ServerView start(
            @PathVariable @Parameter(description = "model id", example = "thread-pool") String model,
            @RequestBody(required = false) @Valid StartRequest request) {
        IoModel m = model(model);
        Integer port = request == null ? null : request.port();
        EchoServers.ServerStatus status;
        try {
            status = servers.start(m, port);
        } catch (EchoServers.UnavailableException e) {
            throw new ModelUnavailableException(m.id(), e.getMessage());
        } catch (StartFailedException e) {
            Throwable os = e.getCause() != null ? e.getCause() : e;
            throw new CannotBindException(m.id(), servers.status(m).bindAddress(), e.port(), os.getMessage(), e);
        } catch (EchoServers.FailedToStartException e) {
            throw startFailed(m, servers.status(m).lastError(), e);
        }
        if (port != null && port != 0 && port != status.port()) {
            throw runningElsewhere(m, status.port(), port);
        }
        return view(status, servers.usage().all());
    }

    @PostMapping("/{model}/stop")
    @Operation(
            operationId = "stopServer",
            summary = "Stop an echo server",
            description = "Idempotent: stopping a stopped server changes "
                    + "nothing. The listener closes first, open connections drain for echo.shutdown-grace, then close; the "
                    + "port is free at once.")
    @ApiResponse(
            responseCode = "200",
            description = "The server, now STOPPED",
            content =
                    @Content(
                            schema = @Schema(implementation = ServerView.class),
                            examples = @ExampleObject(name = "stopped", ref = "server-stopped")))
    ServerView stop(@PathVariable @Parameter(description = "model id", example = "thread-pool") String model) {
        return view(servers.stop(model(model)), servers.usage().all());
    }

    private ServerView view(EchoServers.ServerStatus status, Map<IoModel, ModelUsage.Usage> usage) {
        return ServerView.of(status, usage.get(status.model()));
    }

    /** A start that failed for a reason other than its port; the server is FAILED with {@code reason}. */
    private static ErrorResponseException startFailed(IoModel model, String reason, Throwable cause) {
        ProblemDetail problem = ServerProblemType.START_FAILED.problem(
                model.id() + " could not start: " + reason + ". The server is FAILED; the rest of the app runs.");
        problem.setProperty("model", model.id());
        problem.setProperty("reason", reason);
        return new ErrorResponseException(ServerProblemType.START_FAILED.status(), problem, cause);
    }

    /** A start with a port, for a server already listening on another one: moving it takes a stop first. */
    private static ErrorResponseException runningElsewhere(IoModel model, int running, int wanted) {
        ProblemDetail problem = ServerProblemType.RUNNING_ELSEWHERE.problem(model.id() + " is already running on port "
                + running + "; stop it first to move it to port " + wanted + ".");
        problem.setProperty("model", model.id());
        problem.setProperty("port", running);
        return new ErrorResponseException(ServerProblemType.RUNNING_ELSEWHERE.status(), problem, null);
    }

    private static IoModel model(String id) {
        return IoModel.byId(id).orElseThrow(() -> new UnknownModelException(id));
    }
}
