package dev.echolab.stress;

import org.springframework.web.ErrorResponseException;

/** The stress API's own errors, as problems of the {@link StressProblemType}s it owns. */
final class StressProblems {

    private StressProblems() {}

    static ErrorResponseException modelStopped(String id) {
        return StressProblemType.MODEL_STOPPED.exception(
                "The " + id + " server is stopped; start it first (POST /api/servers/" + id + "/start).");
    }

    static ErrorResponseException targetForbidden(String target) {
        return StressProblemType.TARGET_FORBIDDEN.exception(
                "'" + target + "' is not one of this instance's servers. Only addresses listed exactly in "
                        + "echo.stress.allowed-targets may be loaded.");
    }

    static ErrorResponseException runInProgress(String detail) {
        return StressProblemType.RUN_IN_PROGRESS.exception(detail);
    }

    static ErrorResponseException unknownRun(String id) {
        return StressProblemType.UNKNOWN_RUN.exception("There is no run '" + id + "' (deleted, or never stored).");
    }

    static ErrorResponseException notFinished(String id, String status) {
        return StressProblemType.RUN_NOT_FINISHED.exception(
                "Run " + id + " is " + status + "; its table is ready once it has finished.");
    }

    static ErrorResponseException tooManyWatchersFrom(String client, int perClient, int cap) {
        return StressProblemType.TOO_MANY_WATCHERS.exception("There are " + perClient + " live streams to " + client
                + " already, the most one client address gets (and " + cap + " in all); close one, or poll GET "
                + "/api/stress/{id}.");
    }

    static ErrorResponseException tooManyWatchers(int cap) {
        return StressProblemType.TOO_MANY_WATCHERS.exception("There are " + cap
                + " live streams already, the most this " + "app serves; close one, or poll GET /api/stress/{id}.");
    }
}
