package dev.echolab.stress;

import dev.echolab.web.ProblemType;
import org.springframework.web.ErrorResponseException;

/** The stress API's own errors, as problems of the {@link ProblemType}s it owns. */
final class StressProblems {

    private StressProblems() {}

    static ErrorResponseException modelStopped(String id) {
        return ProblemType.MODEL_STOPPED.exception(
                "The " + id + " server is stopped; start it first (POST /api/servers/" + id + "/start).");
    }

    static ErrorResponseException targetForbidden(String target) {
        return ProblemType.TARGET_FORBIDDEN.exception(
                "'" + target + "' is not one of this instance's servers. Only addresses listed exactly in "
                        + "echo.stress.allowed-targets may be loaded.");
    }

    static ErrorResponseException runInProgress(String detail) {
        return ProblemType.RUN_IN_PROGRESS.exception(detail);
    }

    static ErrorResponseException unknownRun(String id) {
        return ProblemType.UNKNOWN_RUN.exception("There is no run '" + id + "' (deleted, or never stored).");
    }

    static ErrorResponseException notFinished(String id, String status) {
        return ProblemType.RUN_NOT_FINISHED.exception(
                "Run " + id + " is " + status + "; its table is ready once it has finished.");
    }

    static ErrorResponseException tooManyWatchersFrom(String client, int perClient, int cap) {
        return ProblemType.TOO_MANY_WATCHERS.exception("There are " + perClient + " live streams to " + client
                + " already, the most one client address gets (and " + cap + " in all); close one, or poll GET "
                + "/api/stress/{id}.");
    }

    static ErrorResponseException tooManyWatchers(int cap) {
        return ProblemType.TOO_MANY_WATCHERS.exception("There are " + cap + " live streams already, the most this "
                + "app serves; close one, or poll GET /api/stress/{id}.");
    }
}
