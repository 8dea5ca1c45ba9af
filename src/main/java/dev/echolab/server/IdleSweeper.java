package dev.echolab.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that have made no progress (no read, no write) for the idle timeout, from one named thread
 * ({@code echo-<id>-idle-1}) that looks as often as every sweeping model does ({@link IdleTimeout#sweepEveryNanos}). A thread blocked in a {@code write()} to a client
 * that never reads makes no progress either: closing its socket under it is the only way to free that thread.
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
    private final IdleTimeout idleTimeout;
    private final ScheduledExecutorService timer;

    /** Starts the sweeper thread; with {@link IdleTimeout#never()} there is nothing to sweep and no thread. */
    IdleSweeper(ServerContext context) {
        idleTimeout = context.idleTimeout();
        if (idleTimeout.never()) {
            timer = null;
            return;
        }
        long every = idleTimeout.sweepEveryNanos();
        timer = Executors.newSingleThreadScheduledExecutor(context.threads("idle"));
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Watches a connection until {@link #untrack}. {@code closeIt} runs on the sweeper thread once the connection
     * has been silent for the timeout; it must close the connection (and must not block).
     */
    Activity track(Runnable closeIt) {
        Activity activity = new Activity();
        if (timer != null) {
            tracked.put(activity, closeIt);
        }
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
            if (idleTimeout.expired(activity.lastNanos, now) && tracked.remove(activity) != null) {
                activity.expired = true;
                closeIt.run();
            }
        });
    }
}
