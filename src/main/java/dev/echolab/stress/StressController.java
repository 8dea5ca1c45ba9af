package dev.echolab.stress;

import dev.echolab.server.EchoServers;
import dev.echolab.web.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/stress}: start a run against this process's own servers, watch it (JSON, or server-sent events),
 * read its table (Markdown or CSV), cancel it. One run at a time.
 *
 * <p>Over 300 lines because about half of it is the OpenAPI description of its endpoints, kept on the methods it
 * describes; each method is a few lines handing over to {@link StressRuns}. Its examples live in
 * {@code openapi/examples/}, its problem responses come from one customizer.
 */
@RestController
@RequestMapping("/api/stress")
@Tag(
        name = "stress",
        description =
                "The load generator: runs against this process's own servers, live progress, " + "results side by side")
class StressController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    /** On a page of runs that the history database could not complete: it holds only the runs not stored there. */
    static final String HISTORY_HEADER = "Echo-History";

    private final StressRuns runs;
    private final StressEvents events;
    private final EchoServers servers;
    private final List<String> allowedTargets;

    StressController(StressRuns runs, StressEvents events, EchoServers servers, StressProperties limits) {
        this.runs = runs;
        this.events = events;
        this.servers = servers;
        this.allowedTargets = limits.allowedTargets();
    }

    @PostMapping
    @Operation(
            operationId = "startStressRun",
            summary = "Start a stress run",
            description = "Loads each server of models (then each of targets) "
                    + "one after another with the same profile, and verifies every echoed byte. Every field but models is "
                    + "optional; the defaults are the note's experiment (Python socket IO models): 500 connections sending "
                    + "64-byte messages ping-pong for 10 s, after 2 s of warm-up. The run starts at once and goes on in the "
                    + "background: watch it at the Location (GET, or /events for a stream). One run at a time. Limits "
                    + "(connections, duration, "
                    + "payload, pipeline, rate) are echo.stress.* settings; a field beyond one answers 400 naming it.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = StressRequest.class),
                            examples = {
                                @ExampleObject(name = "the note's experiment", ref = "stress-request-defaults"),
                                @ExampleObject(name = "models side by side", ref = "stress-request-side-by-side"),
                                @ExampleObject(name = "open loop at a fixed rate", ref = "stress-request-open-loop"),
                                @ExampleObject(
                                        name = "a message count, pipelined",
                                        ref = "stress-request-message-count")
                            }))
    @ApiResponse(
            responseCode = "202",
            description = "The run, QUEUED; it starts at once",
            headers =
                    @Header(
                            name = "Location",
                            description = "Where to watch the run",
                            schema = @Schema(type = "string", example = "/api/stress/0a729136")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = StressRun.class),
                            examples = @ExampleObject(name = "queued", ref = "stress-run-queued")))
    @ProblemAnswer(
            value = {"invalid-request", "malformed-body"},
            description = "A field out of range or beyond an echo.stress limit, no model nor target, a target that is "
                    + "not host:port, an unknown field, or malformed JSON",
            examples = {
                @ExampleObject(name = "over a limit", ref = "stress-connections-over-limit"),
                @ExampleObject(name = "nothing to load", ref = "stress-no-model"),
                @ExampleObject(name = "unknown field", ref = "stress-unknown-field")
            })
    @ProblemAnswer(
            value = "target-forbidden",
            description = "A target not listed in echo.stress.allowed-targets",
            examples = @ExampleObject(ref = "stress-target-forbidden"))
    @ProblemAnswer(
            value = "unknown-model",
            description = "An unknown model id",
            examples = @ExampleObject(ref = "stress-unknown-model"))
    @ProblemAnswer(
            value = {"run-in-progress", "model-stopped"},
            description = "Another run is going, or a model's server is stopped",
            examples = {
                @ExampleObject(name = "a run is going", ref = "stress-run-in-progress"),
                @ExampleObject(name = "server stopped", ref = "stress-model-stopped")
            })
    ResponseEntity<StressRun> start(@Valid @RequestBody StressRequest request) {
        List<ResolvedTarget> targets = targets(request);
        try {
            StressRun run = runs.submit(request, targets);
            return ResponseEntity.accepted()
                    .location(URI.create("/api/stress/" + run.id()))
                    .body(run);
        } catch (RunInProgressException e) {
            throw StressProblems.runInProgress(e.getMessage());
        }
    }

    @GetMapping
    @Operation(
            operationId = "listStressRuns",
            summary = "List stress runs",
            description = "Newest first, one page at a time: the run going (and "
                    + "any the history database refused) first, then the stored ones, which survive restarts. Filter by "
                    + "model (runs that loaded it) and since (an ISO-8601 instant). page is 0-based; size is 20 by default, "
                    + "at most 100. The total goes in X-Total-Count, the first, previous, next and last pages in Link. "
                    + "While the history database cannot be reached, the page answers at once with only the runs "
                    + "not stored there (the run going, and runs waiting in the outbox, PENDING) and says so in "
                    + "Echo-History: unavailable.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of runs, newest first",
            headers = {
                @Header(
                        name = "X-Total-Count",
                        description = "Runs matching the filters, all pages",
                        schema = @Schema(type = "integer", example = "42")),
                @Header(
                        name = "Link",
                        description = "RFC 8288 links to the first, prev, next and last pages",
                        schema = @Schema(type = "string", example = "</api/stress?page=1&size=20>; rel=\"next\"")),
                @Header(
                        name = HISTORY_HEADER,
                        description = "unavailable when the history database could not be read: the page and the "
                                + "total hold only the runs not stored there; absent otherwise",
                        schema = @Schema(type = "string", allowableValues = "unavailable"))
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = StressRun.class)),
                            examples = @ExampleObject(name = "runs", ref = "stress-runs")))
    @ProblemAnswer(
            value = "invalid-request",
            description = "A page, size, since or model out of range or malformed",
            examples = @ExampleObject(ref = "stress-page-size-over-limit"))
    ResponseEntity<List<StressRun>> list(@Valid @ParameterObject RunQuery query) {
        RunPage page = runs.list(query);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(page.total()))
                .header(HttpHeaders.LINK, PageLinks.of(query, page.total()));
        if (!page.complete()) {
            response.header(HISTORY_HEADER, "unavailable");
        }
        return response.body(page.runs());
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getStressRun",
            summary = "One stress run",
            description = "As JSON: status, progress, the live counters of the "
                    + "model under load, and one result per model loaded so far. Once the run has finished, Accept: "
                    + "text/markdown gives its models side by side as a Markdown table (with the notes), and text/csv the "
                    + "same columns for a spreadsheet; before that, those two answer 409.")
    @ApiResponse(
            responseCode = "200",
            description = "The run",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = StressRun.class),
                        examples = {
                            @ExampleObject(name = "succeeded", ref = "stress-run-succeeded"),
                            @ExampleObject(name = "running", ref = "stress-run-running")
                        }),
                @Content(
                        mediaType = "text/markdown",
                        schema = @Schema(type = "string"),
                        examples = @ExampleObject(name = "table", ref = "stress-run-markdown")),
                @Content(
                        mediaType = "text/csv",
                        schema = @Schema(type = "string"),
                        examples = @ExampleObject(name = "table", ref = "stress-run-csv"))
            })
    @ProblemAnswer(
            value = "unknown-run",
            description = "No such run (or no longer kept)",
            examples = @ExampleObject(ref = "stress-unknown-run"))
    @ProblemAnswer(
            value = "run-not-finished",
            description = "text/markdown or text/csv of a run that has not finished",
            examples = @ExampleObject(ref = "stress-run-not-finished"))
    @ProblemAnswer(
            value = "history-unavailable",
            description = "The run is only in the history database, which cannot be reached now; Retry-After says "
                    + "when to ask again",
            examples = @ExampleObject(ref = "stress-history-unavailable"),
            retryAfter = true)
    StressRun get(@PathVariable @Parameter(description = "run id", example = "0a729136") String id) {
        return run(id);
    }

    /** Documented with {@link #get}, which shows all three variants of the one call. */
    @GetMapping(path = "/{id}", produces = "text/markdown")
    @Operation(hidden = true)
    ResponseEntity<String> markdown(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(StressTable.markdown(finished(id)));
    }

    @GetMapping(path = "/{id}", produces = "text/csv")
    @Operation(hidden = true)
    ResponseEntity<String> csv(@PathVariable String id) {
        return ResponseEntity.ok().contentType(CSV).body(StressTable.csv(finished(id)));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            operationId = "watchStressRun",
            summary = "Watch a stress run",
            description = "Server-sent events, each named run with the run's id "
                    + "and its JSON (as GET /api/stress/{id}): one at once, then about every 500 ms while the run goes, and "
                    + "a last one as it ends, after which the stream closes. A finished run gets one event. At most 8 "
                    + "streams to one client address and 32 in all, each for at most 15 minutes; a watcher that stops "
                    + "reading is dropped.")
    @ApiResponse(
            responseCode = "200",
            description = "A stream of the run's JSON",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "events", ref = "stress-run-events")))
    @ProblemAnswer(
            value = "unknown-run",
            description = "No such run (or no longer kept)",
            examples = @ExampleObject(ref = "stress-unknown-run"))
    @ProblemAnswer(
            value = "too-many-watchers",
            description = "As many streams are open as the app serves, in all or to this client address",
            examples = @ExampleObject(ref = "stress-too-many-watchers"))
    SseEmitter events(
            @PathVariable @Parameter(description = "run id", example = "0a729136") String id,
            HttpServletRequest request) {
        return events.subscribe(run(id), request.getRemoteAddr());
    }

    @DeleteMapping("/{id}")
    @Operation(
            operationId = "cancelStressRun",
            summary = "Cancel or delete a stress run",
            description =
                    "A run that is queued or going is "
                            + "cancelled: the answer comes once its sockets are closed (within a second), with the run, now "
                            + "CANCELLED; the model under load keeps what was measured until then, and the models after it are not "
                            + "loaded. A finished run is deleted from the history and returned as it was; it is 404 afterwards.")
    @ApiResponse(
            responseCode = "200",
            description = "The run, now CANCELLED; or the finished run, now deleted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = StressRun.class),
                            examples = {
                                @ExampleObject(name = "cancelled", ref = "stress-run-cancelled"),
                                @ExampleObject(name = "deleted", ref = "stress-run-succeeded")
                            }))
    @ProblemAnswer(
            value = "unknown-run",
            description = "No such run",
            examples = @ExampleObject(ref = "stress-unknown-run"))
    @ProblemAnswer(
            value = "history-unavailable",
            description = "The run is only in the history database, which cannot be reached now; Retry-After says "
                    + "when to ask again",
            examples = @ExampleObject(ref = "stress-history-unavailable"),
            retryAfter = true)
    ResponseEntity<StressRun> cancel(@PathVariable @Parameter(description = "run id", example = "0a729136") String id) {
        StressRun run = run(id);
        if (run.finished()) {
            if (!runs.delete(id)) {
                throw StressProblems.unknownRun(id);
            }
            return ResponseEntity.ok(run);
        }
        return ResponseEntity.ok(runs.cancel(id).orElseThrow(() -> StressProblems.unknownRun(id)));
    }

    private StressRun run(String id) {
        return runs.find(id).orElseThrow(() -> StressProblems.unknownRun(id));
    }

    private StressRun finished(String id) {
        StressRun run = run(id);
        if (!run.finished()) {
            throw StressProblems.notFinished(id, run.status().name());
        }
        return run;
    }

    /** The request's models (404 unknown, 409 stopped), then its free targets (403 unless allowed). */
    private List<ResolvedTarget> targets(StressRequest request) {
        for (StressTarget target : request.targets()) {
            if (!allowedTargets.contains(target.address())) {
                throw StressProblems.targetForbidden(target.address());
            }
        }
        List<ResolvedTarget> targets = ResolvedTarget.of(request, servers);
        for (ResolvedTarget target : targets) {
            if (target.model() != null && servers.running(target.model()) == null) {
                throw StressProblems.modelStopped(target.label());
            }
        }
        return targets;
    }
}
