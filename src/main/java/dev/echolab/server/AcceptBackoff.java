package dev.echolab.server;

import java.time.Duration;

/**
 * Exponential back-off after a failed {@code accept()}. When the process runs out of file descriptors (EMFILE)
 * the pending connection stays in the backlog, so accepting again at once fails again at once: a loop that
 * retries without waiting burns a core doing nothing. Waits 5 ms, then doubles up to 1 s; a success resets it.
 * Not thread-safe: one per accepting thread.
 */
final class AcceptBackoff {

    static final Duration FIRST = Duration.ofMillis(5);
    static final Duration MAX = Duration.ofSeconds(1);

    private Duration next = FIRST;

    /** The pause to take after the failure that just happened; the one after it will be twice as long. */
    Duration failed() {
        Duration pause = next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        return pause;
    }

    void succeeded() {
        next = FIRST;
    }

    /** Records a failure and sleeps for its pause; returns early (with the interrupt flag set) if interrupted. */
    void pauseAfterFailure() {
        try {
            Thread.sleep(failed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
