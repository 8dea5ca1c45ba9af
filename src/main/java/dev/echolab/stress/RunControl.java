package dev.echolab.stress;

/**
 * What the coordinator (or a user) asks of the load-generator threads, which check it on every pass of their
 * loop and are woken to see it at once.
 */
final class RunControl {

    private volatile boolean cancelled;
    private volatile boolean endRequested;

    /** The user cancelled: close every socket now; nothing more is measured. */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Stop releasing messages and drain, as at the end of the duration (the run hit echo.stress.max-duration). */
    void requestEnd() {
        endRequested = true;
    }

    boolean endRequested() {
        return endRequested;
    }
}
