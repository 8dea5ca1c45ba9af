package dev.echolab.stress;

import org.HdrHistogram.Histogram;

/**
 * The open loop: connection {@code i} is due to send its message of cycle {@code k} at
 * {@code start + (k + i / connections) × period}, whether or not earlier ones came back, and that intended time is
 * what its latency is measured from (a stalled server makes every message sent meanwhile wait, and the figures
 * show it: no coordinated omission). Since the time is computed, nothing is kept per message in flight.
 *
 * <p>Messages go out at their time, never early: the loop wakes on a millisecond timer, so a message may leave up
 * to about a millisecond late, and that lateness is in its latency, as in wrk2. A connection's schedule starts at
 * its connect time; what falls due while it is still connecting goes out as soon as it is open, timed from when
 * it was due. Messages of a connection that never opens, or has ended, are counted as {@code unsent}.
 *
 * <p>How late each measured message left against its time is kept too ({@link #sendLag()}, wrk2 has no such
 * figure): a generator that falls behind its schedule puts its own lateness into every latency, and the result
 * must say so. Sends made as a connection opens are not counted: what fell due while it connected waited for the
 * server's accept, not for the generator.
 */
final class OpenLoopRelease implements Release {

    private final Schedule schedule;
    private final ClientConnection[] connections;
    /** The cycle of each connection's message 0, by slot: its first due time at or after its connect time. */
    private final long[] firstCycle;

    private final Histogram sendLag = LoadGenerator.histogram();
    private long lateSends;
    private int cursor;
    private long cycle;

    OpenLoopRelease(Schedule schedule, ClientConnection[] connections) {
        this.schedule = schedule;
        this.connections = connections;
        this.firstCycle = new long[connections.length];
        for (ClientConnection c : connections) {
            firstCycle[c.slot()] = schedule.firstCycleFrom(c.connectAt(), c.index());
            c.countFrom(
                    Math.max(0, schedule.firstCycleFrom(schedule.measureStart(), c.index()) - firstCycle[c.slot()]));
        }
    }

    @Override
    public void startMeasuring(ClientConnection[] all) {
        // which messages count follows from their intended time, set for each connection up front
    }

    /** Sends at once what fell due while it was connecting: late, and timed from when it was due. */
    @Override
    public void opened(ClientConnection c, long now) {
        long lastDue = Math.min(now + 1, schedule.end());
        catchUp(c, schedule.firstCycleFrom(lastDue, c.index()) - 1); // every cycle due before min(now, end)
    }

    @Override
    public void echoed(ClientConnection c, long now) {
        // sends follow the clock, not the echoes
    }

    /** Visits due (cycle, connection) pairs in time order; a bounded batch per call so the loop reads too. */
    @Override
    public long releaseDue(long now) {
        if (connections.length == 0) {
            return Long.MAX_VALUE;
        }
        for (int budget = 4096; budget > 0; budget--) {
            ClientConnection c = connections[cursor];
            long due = schedule.dueAt(cycle, c.index());
            if (due >= schedule.end()) {
                return Long.MAX_VALUE;
            }
            if (due > now) {
                return due;
            }
            long sentAt = catchUp(c, cycle);
            if (sentAt >= 0 && due >= schedule.measureStart()) {
                lag(sentAt - due);
            }
            if (++cursor == connections.length) {
                cursor = 0;
                cycle++;
            }
        }
        return now; // more are due: come back after a look at the sockets
    }

    /**
     * Releases and writes every message of {@code c} up to the one of {@code upToCycle}.
     *
     * @return when the last of them was released, or -1 if none was
     */
    private long catchUp(ClientConnection c, long upToCycle) {
        long m = upToCycle - firstCycle[c.slot()];
        if (!c.releasing() || c.released() > m) {
            return -1;
        }
        long at = -1;
        while (c.releasing() && c.released() <= m) {
            if (schedule.endsByMessages() && c.countedReleased() >= schedule.messagesPerConnection()) {
                c.stopReleasing();
                return at;
            }
            at = System.nanoTime();
            c.release(at);
        }
        c.flush();
        return at;
    }

    /** A measured message left {@code nanos} after its intended time. */
    private void lag(long nanos) {
        sendLag.recordValue(Math.clamp(nanos, 0, ClientLoop.HIGHEST_LATENCY_NANOS));
        if (nanos > schedule.periodNanos()) {
            lateSends++;
        }
    }

    @Override
    public Histogram sendLag() {
        return sendLag;
    }

    @Override
    public long lateSends() {
        return lateSends;
    }

    @Override
    public long stamp(ClientConnection c, long m) {
        return schedule.dueAt(firstCycle[c.slot()] + m, c.index());
    }
}
