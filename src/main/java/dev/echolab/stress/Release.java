package dev.echolab.stress;

import org.HdrHistogram.Histogram;

/**
 * When a connection may send its next message, and what that message's latency is measured from. Two kinds: the
 * {@link ClosedLoopRelease closed loop} (a message per free pipeline slot, timed from its release) and the
 * {@link OpenLoopRelease open loop} (messages on a fixed schedule, timed from their intended send time, as wrk2
 * does). One per {@link ClientLoop}, called on its thread only.
 */
interface Release {

    static Release of(Schedule schedule, ClientConnection[] connections) {
        return schedule.openLoop()
                ? new OpenLoopRelease(schedule, connections)
                : new ClosedLoopRelease(schedule, connections.length);
    }

    /** Measuring starts now: from here on, released messages count in the figures. */
    void startMeasuring(ClientConnection[] connections);

    /** A connection connected while the run is releasing. */
    void opened(ClientConnection c, long now);

    /** Bytes came back on a connection that is still releasing. */
    void echoed(ClientConnection c, long now);

    /**
     * Releases (and writes) every message due by {@code now} and before the end.
     *
     * @return when the next message is due, {@link Long#MAX_VALUE} if none will be
     */
    long releaseDue(long now);

    /** What the latency of message {@code m} of {@code c} is measured from. */
    long stamp(ClientConnection c, long m);

    /**
     * Open loop: how late each measured message sent on the clock left against its schedule, ns; null for the
     * closed loop, which has no schedule. Read once the loop has ended.
     */
    default Histogram sendLag() {
        return null;
    }

    /** Open loop: measured messages that left more than one send interval late. */
    default long lateSends() {
        return 0;
    }
}
