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
     * How often a sweep looks for stalled connections: a quarter of the timeout, within {@code [min, max]}, so a
     * connection is closed at most a quarter late. Meaningless (and unused) when the timeout is never.
     */
    long sweepEveryNanos(Duration min, Duration max) {
        return Math.clamp(duration.toNanos() / 4, min.toNanos(), max.toNanos());
    }

    /** In milliseconds, 0 for never: the convention Netty's {@code IdleStateHandler} happens to share. */
    long millisOrZeroForNever() {
        return never() ? 0 : Math.max(1, duration.toMillis());
    }

    @Override
    public String toString() {
        return never() ? "never" : duration.toString();
    }
}
