package dev.echolab.stress;

import dev.echolab.web.ProblemType;
import dev.echolab.web.ProblemTypeCatalog;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The problem types of the stress API ({@code /api/stress}) and of the run history behind it. See
 * {@link ProblemType}.
 */
public enum StressProblemType implements ProblemType {
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

    private final Definition definition;

    StressProblemType(String slug, HttpStatus status, String title, String meaning, String whatToDo) {
        this.definition = new Definition(slug, status, title, meaning, whatToDo);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** Lists these types on the problem pages. */
    @Component
    @Order(2)
    static class Catalog implements ProblemTypeCatalog {
        @Override
        public List<ProblemType> types() {
            return List.of(values());
        }
    }
}
