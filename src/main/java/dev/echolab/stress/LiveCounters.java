package dev.echolab.stress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The counters one {@link ClientLoop} publishes while it runs. The loop's thread is the only writer (the methods
 * below the getters); the coordinator holds them as {@link LoopCounters}, which only reads.
 */
final class LiveCounters implements LoopCounters {

    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, ClientLoop.HIGHEST_LATENCY_NANOS, 3);
    private final AtomicLong messages = new AtomicLong();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLongArray errors = new AtomicLongArray(ClientError.values().length);

    @Override
    public long messages() {
        return messages.get();
    }

    @Override
    public int established() {
        return established.get();
    }

    @Override
    public int open() {
        return open.get();
    }

    @Override
    public long errors(ClientError kind) {
        return errors.get(kind.ordinal());
    }

    @Override
    public Histogram latencySince(Histogram recycle) {
        return latency.getIntervalHistogram(recycle);
    }

    /** A connection is open. */
    void connected() {
        established.incrementAndGet();
        open.incrementAndGet();
    }

    /** A measured message came back whole, {@code latencyNanos} after its stamp. */
    void completed(long latencyNanos) {
        latency.recordValue(Math.clamp(latencyNanos, 1, ClientLoop.HIGHEST_LATENCY_NANOS));
        messages.lazySet(messages.get() + 1); // one writer, so no read-modify-write race
    }

    /** A connection closed: it was open until now when {@code wasOpen}; it counts as {@code error} unless null. */
    void closed(boolean wasOpen, ClientError error) {
        if (wasOpen) {
            open.decrementAndGet();
        }
        if (error != null) {
            errors.incrementAndGet(error.ordinal());
        }
    }
}
