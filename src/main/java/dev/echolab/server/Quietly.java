package dev.echolab.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The small waits and closes every model's {@code stop()} needs, without checked exceptions. */
final class Quietly {

    private Quietly() {}

    /** Closes, ignoring failure: closing is best effort, the socket or channel is gone either way. */
    static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /**
     * Polls {@code done} every {@code pollMillis} until it is true or {@code deadlineNanos} ({@link System#nanoTime})
     * passes: the drain of a graceful stop. Returns early, with the interrupt flag set, if interrupted.
     */
    static void awaitUntil(BooleanSupplier done, long deadlineNanos, long pollMillis) {
        while (!done.getAsBoolean() && System.nanoTime() - deadlineNanos < 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for {@code thread} to end, up to {@code deadlineNanos} ({@link System#nanoTime}): the last step of a stop.
     * Returns early, with the interrupt flag set, if interrupted.
     */
    static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
