package dev.echolab.stress;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection's state, owned by one {@link ClientLoop} thread and touched by no other until that loop
 * has ended. It holds no data buffer: the bytes to send and to expect are regenerated from {@link EchoPattern}.
 *
 * <p>Messages are numbered from 0 on the connection; message {@code m} is stream bytes
 * {@code [m * payload, (m + 1) * payload)}. A message is <em>released</em> when it may be sent (closed loop: a
 * slot in the pipeline is free; open loop: its time has come) and <em>completed</em> when its last byte came
 * back. Its latency runs from its stamp, the release time, to completion.
 */
final class ClientConnection {

    enum State { PENDING, CONNECTING, OPEN, HALF_CLOSED, DONE }

    /** Open loop: the most messages one connection may have in flight before the client skips some. */
    static final int MAX_IN_FLIGHT = 1 << 16;

    final int index;
    final long seed;
    final long connectAt;
    final int payload;

    State state = State.PENDING;
    SocketChannel channel;
    SelectionKey key;
    boolean wantsWrite;
    /** The connect succeeded, whatever happened after. */
    boolean established;
    long connectStartedAt;

    long sendOffset;
    long receivedOffset;
    long released;
    long completed;
    /** First message that counts in the figures (released at or after the measurement start); MAX until then. */
    long countFrom = Long.MAX_VALUE;
    /** No more releases: the run ended for this connection; half-close once everything released is written. */
    boolean stopReleasing;
    long lastReceivedAt;
    long halfClosedAt;

    /** Release stamps of the messages in flight: message m at {@code m & (stamps.length - 1)}. */
    private long[] stamps;

    ClientError failure;
    /** What the JDK said, when an exception ended the connection. */
    String failureMessage;
    long firstMismatchOffset = -1;
    long missingBytes;

    ClientConnection(int index, long seed, long connectAt, int payload, int inFlight) {
        this.index = index;
        this.seed = seed;
        this.connectAt = connectAt;
        this.payload = payload;
        this.stamps = new long[Integer.highestOneBit(Math.max(1, inFlight - 1)) << 1];
    }

    int inFlight() {
        return (int) (released - completed);
    }

    long releasedBytes() {
        return released * payload;
    }

    /**
     * Releases the next message with its stamp; the open loop grows the ring up to {@link #MAX_IN_FLIGHT}.
     *
     * @return false when the ring is full and the message was not released
     */
    boolean release(long stamp) {
        if (inFlight() == stamps.length && !grow()) {
            return false;
        }
        stamps[(int) (released & (stamps.length - 1))] = stamp;
        released++;
        return true;
    }

    /** The stamp of the oldest message in flight; meaningful only while {@link #inFlight()} > 0. */
    long oldestStamp() {
        return stamps[(int) (completed & (stamps.length - 1))];
    }

    boolean counting() {
        return countFrom != Long.MAX_VALUE;
    }

    /** Whether message {@code m} counts in the figures. */
    boolean counts(long m) {
        return m >= countFrom;
    }

    long countedReleased() {
        return counting() ? Math.max(0, released - countFrom) : 0;
    }

    long countedBytesSent() {
        return counting() ? Math.max(0, sendOffset - countFrom * payload) : 0;
    }

    long countedBytesEchoed() {
        return counting() ? Math.max(0, receivedOffset - countFrom * payload) : 0;
    }

    long countedCompleted() {
        return counting() ? Math.max(0, completed - countFrom) : 0;
    }

    boolean connected() {
        return state == State.OPEN || state == State.HALF_CLOSED;
    }

    private boolean grow() {
        if (stamps.length >= MAX_IN_FLIGHT) {
            return false;
        }
        long[] bigger = new long[stamps.length * 2];
        for (long m = completed; m < released; m++) {
            bigger[(int) (m & (bigger.length - 1))] = stamps[(int) (m & (stamps.length - 1))];
        }
        stamps = bigger;
        return true;
    }
}
