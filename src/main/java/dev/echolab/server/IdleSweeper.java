package dev.echolab.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that have been silent for the idle timeout, from one named thread
 * ({@code echo-<id>-idle}) that looks a few times per timeout.
 *
 * <p>Why not a timeout on every read, as {@code SO_TIMEOUT} gives the platform-thread models for free: a virtual
 * thread that reads with a timeout parks with a timer task, and NIO.2 schedules a timer task for every read with a
 * timeout. With 10,000 connections each read and re-arm goes through one shared timer queue; measured here under
 * the c10k benchmark, that took the p99 of {@code virtual-threads} from 0.5 ms to 7.9 s and of {@code async} from
 * 0.4 ms to 0.8 s. A connection here only writes a timestamp; the sweeper pays for the timeout, once per pass.
 */
final class IdleSweeper {

    /** One connection's last sign of life: touched by the connection's own thread, read by the sweeper. */
    static final class Activity {
        private volatile long lastNanos = System.nanoTime();
        private volatile boolean expired;

        void touch() {
            lastNanos = System.nanoTime();
        }

        /** True once the sweeper closed the connection for idleness: the error that follows is that timeout. */
        boolean expired() {
            return expired;
        }
    }

    private final Map<Activity, Runnable> tracked = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final ScheduledExecutorService timer;

    /** Starts the sweeper thread; a zero or negative timeout means connections never time out (no thread). */
    IdleSweeper(IoModel model, Duration idleTimeout) {
        idleNanos = idleTimeout.toNanos();
        if (idleNanos <= 0) {
            timer = null;
            return;
        }
        long every = Math.clamp(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        timer = Executors.newSingleThreadScheduledExecutor(ModelThreads.factory(model, "idle"));
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Watches a connection until {@link #untrack}. {@code closeIt} runs on the sweeper thread once the connection
     * has been silent for the timeout; it must close the connection (and must not block).
     */
    Activity track(Runnable closeIt) {
        Activity activity = new Activity();
        tracked.put(activity, closeIt);
        return activity;
    }

    void untrack(Activity activity) {
        tracked.remove(activity);
    }

    /** Stops the sweeper thread; idempotent. */
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        tracked.forEach((activity, closeIt) -> {
            if (now - activity.lastNanos >= idleNanos && tracked.remove(activity) != null) {
                activity.expired = true;
                closeIt.run();
            }
        });
    }
}
