package dev.echolab.stress;

/**
 * The closed loop: each connection keeps {@code pipeline} messages in flight and releases the next as soon as one
 * comes back (1 = ping-pong). A slow server slows the client down with it, so latency is measured from the release
 * and hides any queueing before it; the open loop does not.
 */
final class ClosedLoopRelease implements Release {

    private final Schedule schedule;
    /** Release stamps: message m of the connection in slot s at {@code s * ring + (m & (ring - 1))}. */
    private final long[] stamps;

    private final int ring;
    private boolean measuring;

    ClosedLoopRelease(Schedule schedule, int connections) {
        this.schedule = schedule;
        this.ring = Integer.highestOneBit(Math.max(1, schedule.pipeline() - 1)) << 1;
        this.stamps = new long[Math.multiplyExact(connections, ring)];
    }

    /** Heap the stamps take, for the check that a request fits in memory. */
    static long bytesPerConnection(int pipeline) {
        return 8L * ((long) Integer.highestOneBit(Math.max(1, pipeline - 1)) << 1); // no int overflow near 2^31
    }

    @Override
    public void startMeasuring(ClientConnection[] connections) {
        measuring = true;
        for (ClientConnection c : connections) {
            c.countFrom(c.released()); // what is in flight now belongs to the warm-up
        }
    }

    @Override
    public void opened(ClientConnection c, long now) {
        if (measuring) {
            c.countFrom(0);
        }
        topUp(c, now);
    }

    @Override
    public void echoed(ClientConnection c, long now) {
        if (now < schedule.end()) { // past it, the loop is about to stop every connection
            topUp(c, now);
        }
    }

    @Override
    public long releaseDue(long now) {
        return Long.MAX_VALUE; // releases follow echoes, not the clock
    }

    @Override
    public long stamp(ClientConnection c, long m) {
        return stamps[c.slot() * ring + (int) (m & (ring - 1))];
    }

    private void topUp(ClientConnection c, long now) {
        while (c.releasing() && c.inFlight() < schedule.pipeline()) {
            if (schedule.endsByMessages() && measuring && c.countedReleased() >= schedule.messagesPerConnection()) {
                c.stopReleasing();
                return; // it has flushed what was released
            }
            long m = c.release(now);
            stamps[c.slot() * ring + (int) (m & (ring - 1))] = now;
        }
        c.flush();
    }
}
