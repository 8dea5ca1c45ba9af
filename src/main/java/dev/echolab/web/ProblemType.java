package dev.echolab.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Every problem type the app can answer with, in one place: its URI ({@code /problems/<slug>}, a page this app
 * serves, as RFC 9457 wants a type to be documentation a person can open), its status, its title, and the text of
 * that page. Errors whose status says it all (405, 413, 500...) use {@code about:blank} instead.
 */
public enum ProblemType {
    INVALID_REQUEST(
            "invalid-request",
            HttpStatus.BAD_REQUEST,
            "Invalid request",
            "A field of the request is out of range, missing or beyond a configured limit. The errors member lists "
                    + "each field with what was wrong and the value sent.",
            "Fix the named fields. Limits of the load generator are echo.stress.* settings; GET /v3/api-docs "
                    + "shows each field's range."),
    MALFORMED_BODY(
            "malformed-body",
            HttpStatus.BAD_REQUEST,
            "Malformed request body",
            "The body is not JSON, has a field of the wrong type, or has a field the call does not know (a misspelt "
                    + "name is refused rather than silently ignored).",
            "Send a JSON object with the fields the call documents; the detail names the field or the line and "
                    + "column where the JSON went wrong."),
    UNAUTHORIZED(
            "unauthorized",
            HttpStatus.UNAUTHORIZED,
            "Unauthorized",
            "Calls that change state (POST, PUT, PATCH, DELETE) need HTTP Basic credentials, and none or wrong ones "
                    + "were sent. GET calls are open.",
            "Send user echo.api.username (default admin) with password echo.api.password (env ECHO_API_PASSWORD); "
                    + "with none set, the app generated one and logged it at start-up."),
    TOO_MANY_FAILED_ATTEMPTS(
            "too-many-failed-attempts",
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many failed attempts",
            "Wrong credentials came too often in a short time from this address for this user, so each of its "
                    + "attempts waits a few seconds before it is checked (the password cannot be guessed at HTTP "
                    + "speed), and so many such attempts are waiting now that this one was not checked at all.",
            "Wait the number of seconds in the Retry-After header and send the right password: it is let in."),
    CROSS_SITE_REQUEST(
            "cross-site-request",
            HttpStatus.FORBIDDEN,
            "Cross-site request refused",
            "A call that changes state came from a page of another site (its Origin or Sec-Fetch-Site header says "
                    + "so). A browser would have sent its cached credentials along, so such calls are refused "
                    + "before the credentials are looked at.",
            "Make the call from this app's own console, or from a client that is not a browser page (curl, a "
                    + "script)."),
    JSON_ONLY(
            "json-only",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "JSON only",
            "A call that changes state came with a body that is not application/json, such as the "
                    + "application/x-www-form-urlencoded, multipart/form-data or text/plain an HTML form sends. "
                    + "Refusing those means no other site's form can make the call.",
            "Send Content-Type: application/json with a JSON body, or no body and no Content-Type."),
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
            "Stop it first (POST /api/servers/{model}/stop), then start it on the new port."),
    MODEL_STOPPED(
            "model-stopped",
            HttpStatus.CONFLICT,
            "Model not running",
            "A stress run names a model whose server is stopped, so there is nothing to load.",
            "Start it (POST /api/servers/{model}/start), then ask for the run again."),
    TARGET_FORBIDDEN(
            "target-forbidden",
            HttpStatus.FORBIDDEN,
            "Target not allowed",
            "A stress run names an address that is not one of this instance's servers. The load generator loads "
                    + "only its own servers and the addresses listed exactly in echo.stress.allowed-targets, so it "
                    + "cannot be turned against another host.",
            "Add the exact host:port to echo.stress.allowed-targets if it is yours, or load a model of this "
                    + "instance."),
    RUN_IN_PROGRESS(
            "run-in-progress",
            HttpStatus.CONFLICT,
            "A run is going",
            "Another stress run is still going. One run at a time, so that two runs never measure each other.",
            "Wait for it to finish, or cancel it (DELETE /api/stress/{id}); the detail names it."),
    UNKNOWN_RUN(
            "unknown-run",
            HttpStatus.NOT_FOUND,
            "Unknown run",
            "No run has this id: it never existed, or it was deleted (DELETE /api/stress/{id} of a finished run).",
            "List the runs kept with GET /api/stress."),
    RUN_NOT_FINISHED(
            "run-not-finished",
            HttpStatus.CONFLICT,
            "Run not finished",
            "The Markdown and CSV tables of a run exist once it has finished.",
            "Watch the run (GET /api/stress/{id}, or /events) and ask again when it has ended."),
    UNKNOWN_SHARD_ROUND(
            "unknown-shard-round",
            HttpStatus.NOT_FOUND,
            "Unknown group or round",
            "No round of coordinated load generators has this group (and round id): none joined it yet, or the "
                    + "coordinator forgot it (rounds live in the service's memory: a restart forgets them, and only "
                    + "the newest echo.shards.rounds are kept).",
            "Start the generators with run --coordinator, or list the groups with GET /api/shards. A merged "
                    + "round's run stays in the history (GET /api/stress)."),
    SHARD_REFUSED(
            "shard-refused",
            HttpStatus.CONFLICT,
            "Shard refused",
            "A load generator's call does not fit its round: its N differs from the round's, its index is beyond N "
                    + "or held by another generator, the round has all its shards already, has started without it or "
                    + "has ended, it already posted its result, or it speaks for an index it does not hold.",
            "Read the detail. Give each run of a group its own round (--round, a Kubernetes Job's uid), or give up "
                    + "a stale round with DELETE /api/shards/{group}. A shard that missed the start cannot join "
                    + "late: the run is merged without it and says so."),
    TOO_MANY_WATCHERS(
            "too-many-watchers",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Too many watchers",
            "Live streams of stress runs (GET /api/stress/{id}/events) are capped, so that watchers cannot take "
                    + "the threads and memory a run needs; the cap is reached.",
            "Close a console tab or stream you no longer need, or poll GET /api/stress/{id} instead."),
    HISTORY_UNAVAILABLE(
            "history-unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "History unavailable",
            "The history database cannot be reached now (down, unreachable, or too slow to answer), and what was "
                    + "asked for is only there. Runs that finish meanwhile are not lost: they wait on the local disk "
                    + "(the outbox) and are stored once the database is back.",
            "Try again after Retry-After seconds; GET /api/stress still lists the runs this process holds. If it "
                    + "lasts, check the database (spring.datasource.url).");

    /** Where the pages are served; a type's URI is this plus its slug, relative as RFC 9457 allows. */
    public static final String PATH = "/problems";

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String meaning;
    private final String whatToDo;

    ProblemType(String slug, HttpStatus status, String title, String meaning, String whatToDo) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.meaning = meaning;
        this.whatToDo = whatToDo;
    }

    public URI uri() {
        return URI.create(PATH + "/" + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    String slug() {
        return slug;
    }

    String meaning() {
        return meaning;
    }

    String whatToDo() {
        return whatToDo;
    }

    /** A problem of this type: its status, title and URI, with this occurrence's detail. */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(uri());
        return problem;
    }

    /**
     * A 400 naming one query parameter or field, as a failed validation does: detail {@code field: message}, and
     * {@code errors: [{field, message, rejected}]}.
     */
    public static ErrorResponseException invalid(String field, String message, Object rejected) {
        ProblemDetail problem = INVALID_REQUEST.problem(field + ": " + message);
        problem.setProperty("errors", List.of(new ApiProblems.FieldProblem(field, message, rejected)));
        return new ErrorResponseException(INVALID_REQUEST.status, problem, null);
    }

    /** The same problem as an exception a controller throws; Spring MVC renders it. */
    public ErrorResponseException exception(String detail) {
        return new ErrorResponseException(status, problem(detail), null);
    }

    static Optional<ProblemType> bySlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }
}
