package dev.echolab.stress;

import org.HdrHistogram.Histogram;

/**
 * What one {@link ClientLoop} publishes while it runs, for the coordinator's ticks: counts so far and the latencies
 * recorded since the last look. Read-only: only the loop writes them, on its own thread.
 */
interface LoopCounters {

    /** Measured messages that came back whole so far. */
    long messages();

    /** Connections that connected so far. */
    int established();

    /** Connections open now. */
    int open();

    /** Connections that ended in an error of this kind so far. */
    long errors(ClientError kind);

    /**
     * The latencies recorded since the previous call, in ns; {@code recycle} (the previous answer, or null) may be
     * reused for it. One caller only: each call resets the interval.
     */
    Histogram latencySince(Histogram recycle);
}
