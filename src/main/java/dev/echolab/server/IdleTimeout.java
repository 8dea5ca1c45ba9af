package dev.echolab.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a connection may make no progress, neither reading nor writing, before the server closes it and counts
 * an idle timeout. The one place that says what zero means: <strong>0 = never</strong>, in every model. A negative
 * value is refused here, at start-up, not later on some accept thread.
 *
 * @param duration zero for never, else how long a connection may stall
 */
public record IdleTimeout(Duration duration) {

    public static final IdleTimeout NEVER = new IdleTimeout(Duration.ZERO);

    /** The longest a sweep waits for the next: a silent connection is closed at most this late. */
    static final Duration SWEEP_AT_LEAST_EVERY = Duration.ofMillis(100);
    /** The shortest: sweeping every connection more often than this would cost more than a late close. */
    static final Duration SWEEP_AT_MOST_EVERY = Duration.ofMillis(10);

    public IdleTimeout {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(
                    "echo.idle-timeout must be 0 (never time out) or positive, was " + duration);
        }
    }

    public static IdleTimeout of(Duration duration) {
        return new IdleTimeout(duration);
    }

    public boolean never() {
        return duration.isZero();
    }

    /** Whether a connection last active at {@code lastActiveNanos} has stalled for the timeout at {@code nowNanos}. */
    boolean expired(long lastActiveNanos, long nowNanos) {
        return !never() && nowNanos - lastActiveNanos >= duration.toNanos();
    }

    /**
     * How often a sweep looks for stalled connections, in every model that sweeps (a sweeper thread or a loop's own
     * pass): a quarter of the timeout, within {@link #SWEEP_AT_LEAST_EVERY} and {@link #SWEEP_AT_MOST_EVERY}, so a
     * connection is closed at most a quarter of the timeout late, and never more than 100 ms late.
     * Meaningless (and unused) when the timeout is never.
     */
    long sweepEveryNanos() {
        return Math.clamp(duration.toNanos() / 4, SWEEP_AT_MOST_EVERY.toNanos(), SWEEP_AT_LEAST_EVERY.toNanos());
    }

    @Override
    public String toString() {
        return never() ? "never" : duration.toString();
    }
}
