package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Second;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Messages completed in each epoch second of the measured window, as one load-generator thread counted them; the
 * coordinator adds the threads' seconds once they have ended. Seconds are epoch-aligned so that results of load
 * generators on other machines line up second by second when merged.
 */
final class PerSecond {

    private static final long NANOS = 1_000_000_000L;

    /** {@link System#nanoTime()} at the start of epoch second {@link #firstSecond}. */
    private final long firstSecondAt;

    private final long firstSecond;
    private long[] counts = new long[16];

    /**
     * @param measureStart      the start of the measured window, in {@link System#nanoTime()} terms
     * @param measureStartEpoch the same instant in ns since the epoch
     */
    PerSecond(long measureStart, long measureStartEpoch) {
        this.firstSecond = Math.floorDiv(measureStartEpoch, NANOS);
        this.firstSecondAt = measureStart - Math.floorMod(measureStartEpoch, NANOS);
    }

    /** Counts one message completed at {@code now} ({@link System#nanoTime()}); on its loop's thread only. */
    void count(long now) {
        int i = (int) ((now - firstSecondAt) / NANOS);
        if (i < 0) {
            return; // before the window: cannot happen for a measured message
        }
        if (i >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(counts.length * 2, i + 1)); // once every few doublings of a run
        }
        counts[i]++;
    }

    /** Adds another thread's seconds ({@link #seconds}) to these; both must share the measured window's start. */
    void add(List<Second> other) {
        for (Second second : other) {
            int i = (int) (second.t() - firstSecond);
            if (i >= counts.length) {
                counts = Arrays.copyOf(counts, Math.max(counts.length * 2, i + 1));
            }
            counts[i] += second.messages();
        }
    }

    /** One entry per second from the first to the last that saw a message, gaps included, bytes at {@code payload}. */
    List<Second> seconds(int payload) {
        int last = counts.length - 1;
        while (last >= 0 && counts[last] == 0) {
            last--;
        }
        List<Second> seconds = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            seconds.add(new Second(firstSecond + i, counts[i], Saturating.multiply(counts[i], payload)));
        }
        return seconds;
    }
}
