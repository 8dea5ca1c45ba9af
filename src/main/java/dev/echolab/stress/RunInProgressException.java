package dev.echolab.stress;

/** A run was asked for while another is still going: one run at a time, so they never measure each other. */
public final class RunInProgressException extends RuntimeException {

    private final String runningId;

    RunInProgressException(String runningId) {
        super("Run " + runningId + " is still going; one run at a time. Wait for it or cancel it (DELETE "
                + "/api/stress/" + runningId + ").");
        this.runningId = runningId;
    }

    public String runningId() {
        return runningId;
    }
}
