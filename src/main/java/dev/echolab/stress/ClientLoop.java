package dev.echolab.stress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One load-generator thread ({@code echo-lab-stress-N}): a {@link Selector} over its share of the connections and
 * the deadlines of the run. It connects them on schedule, lets its {@link Release} send, hands ready sockets to
 * their {@link ClientConnection}, gives up connections that time out, and at the end drains: no more releases,
 * every connection half-closes and reads to EOF for as long as bytes keep coming back every
 * {@code responseTimeoutMs}, for at most {@link #MIN_DRAIN_CAP_NANOS 10 s} or the measured time, whichever is
 * longer. A connection still answering then is closed without an error: its server is slow, not broken.
 *
 * <p>Everything here runs on the loop's own thread and never blocks but in {@code select}. The hot path allocates
 * nothing of its own: the two direct buffers are the thread's, bytes are regenerated rather than kept, and
 * latencies go into a preallocated recorder. (The JDK's epoll selector itself boxes the file descriptor of each
 * ready key above 127: 16 bytes per event, measured with JFR.)
 *
 * <p>What leaves the thread: while it runs, its {@link LoopCounters} (read-only to the coordinator); when it ends,
 * the {@link LoopFigures} {@link #call()} returns. Other threads may only {@link #wakeup()} it.
 *
 * <p>Should this file grow, the seam is the end of a run (the drain, its cap and the sweep's timeouts) apart from
 * the pass that connects, releases and selects.
 */
final class ClientLoop implements Callable<LoopFigures> {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int BUFFER_BYTES = 64 * 1024;
    static final long MIN_DRAIN_CAP_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long HIGHEST_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final Schedule schedule;
    private final InetSocketAddress address;
    /** Every connection, in connect order; {@link #active} are those that send, the rest are silent. */
    private final ClientConnection[] all;

    private final ClientConnection[] active;
    private final RunControl control;
    private final Selector selector;
    private final Release release;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Runnable eachPass;
    private final LiveCounters counters = new LiveCounters();
    private final PerSecond perSecond;

    private int nextToConnect;
    private int remaining;
    private boolean measuring;
    /** When the drain began (no more releases); {@link Long#MAX_VALUE} while releasing. */
    private long drainingSince = Long.MAX_VALUE;

    private long nextSweep;
    private long nextDue;
    private long cpuAtMeasureStart = -1;
    private long measuringSince;
    private long idleNanos;
    /** When the current {@code select} began, while it waits for its first ready key; -1 otherwise. */
    private long waitingSince = -1;
    /** The current {@code select}'s timeout. */
    private long waitingAtMost;

    private long windowMessages;
    private long lastCompletionAt;
    /** Every connection that has closed, summed. */
    private Tally tally = Tally.NONE;

    /**
     * @param connections each connection's index, seed and kind, in connect order; the loop creates them
     * @param eachPass    run at the start of every pass of the loop: nothing, but for a test that makes the load
     *                    generator slow on purpose
     */
    ClientLoop(Schedule schedule, InetSocketAddress address, Plan[] connections, RunControl control, Runnable eachPass)
            throws IOException {
        this.schedule = schedule;
        this.address = address;
        this.control = control;
        this.eachPass = eachPass;
        ClientConnection.Shared shared =
                new ClientConnection.Shared(schedule.payload(), directBuffer(), directBuffer(), new Events());
        this.all = new ClientConnection[connections.length];
        int activeCount = 0;
        for (Plan p : connections) {
            activeCount += p.idle() ? 0 : 1;
        }
        this.active = new ClientConnection[activeCount];
        for (int i = 0, a = 0; i < connections.length; i++) {
            Plan p = connections[i];
            all[i] = new ClientConnection(
                    p.index(), p.idle() ? -1 : a, p.seed(), schedule.connectAt(p.index()), p.idle(), shared);
            if (!p.idle()) {
                active[a++] = all[i];
            }
        }
        this.release = Release.of(schedule, active);
        this.remaining = all.length;
        this.perSecond = schedule.perSecond();
        this.selector = Selector.open();
    }

    /** What a connection will be: its global index, its pattern seed, and whether it stays silent. */
    record Plan(int index, long seed, boolean idle) {}

    /** The counters this loop publishes while it runs. */
    LoopCounters counters() {
        return counters;
    }

    void wakeup() {
        selector.wakeup();
    }

    /** Runs the loop until every connection is closed; never throws: a failure is in the figures. */
    @Override
    public LoopFigures call() {
        Throwable crash = null;
        try {
            doRun();
        } catch (Throwable e) {
            crash = e;
            closeAll();
        } finally {
            close();
        }
        long cpu = cpuAtMeasureStart < 0 ? 0 : MX.getCurrentThreadCpuTime() - cpuAtMeasureStart;
        long measuredUntil = draining() ? drainingSince : System.nanoTime();
        return new LoopFigures(
                tally,
                windowMessages,
                perSecond.seconds(schedule.payload()),
                lastCompletionAt,
                cpu,
                measuring ? Math.max(0, measuredUntil - measuringSince) : 0,
                idleNanos,
                release.sendLag() == null ? null : release.sendLag().copy(),
                release.lateSends(),
                crash);
    }

    /** Closes the selector; every channel is closed before. */
    void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing is registered any more
        }
    }

    private void doRun() throws IOException {
        while (remaining > 0) {
            eachPass.run();
            long now = System.nanoTime();
            if (control.cancelled()) {
                closeAll();
                return;
            }
            if (!measuring && now >= schedule.measureStart()) {
                measuring = true;
                measuringSince = now;
                cpuAtMeasureStart = MX.getCurrentThreadCpuTime();
                release.startMeasuring(active);
            }
            connectDue(now);
            if (!draining()) {
                nextDue = release.releaseDue(now); // first: a loop that woke late still sends what was due
                if (now >= schedule.end() || control.endRequested()) {
                    drain(now);
                }
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
            long wait = waitUntil() - now;
            if (wait <= 0) {
                selector.selectNow(onReady);
            } else {
                long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
                waitingSince = measuring && !draining() ? System.nanoTime() : -1;
                waitingAtMost = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                selector.select(onReady, timeoutMillis);
                stopWaiting(); // nothing became ready: it waited the whole time
            }
        }
    }

    private void onReady(SelectionKey key) {
        stopWaiting();
        ((ClientConnection) key.attachment()).onReady(key);
    }

    /**
     * Time in {@code select} until the first ready key is idle time: the loop had nothing else to do. Never more
     * than the timeout it asked for: past that, the thread was waiting for a core, not for the network.
     */
    private void stopWaiting() {
        if (waitingSince >= 0) {
            idleNanos += Math.min(System.nanoTime() - waitingSince, waitingAtMost);
            waitingSince = -1;
        }
    }

    private long waitUntil() {
        long until = nextSweep;
        if (nextToConnect < all.length) {
            until = Math.min(until, all[nextToConnect].connectAt());
        }
        if (!measuring) {
            until = Math.min(until, schedule.measureStart());
        }
        if (!draining()) {
            until = Math.min(until, Math.min(schedule.end(), nextDue));
        }
        return until;
    }

    private boolean draining() {
        return drainingSince != Long.MAX_VALUE;
    }

    private void connectDue(long now) {
        while (nextToConnect < all.length && all[nextToConnect].connectAt() <= now) {
            all[nextToConnect++].connect(selector, address, now);
        }
    }

    /** Stops every release: each connection half-closes once its last released byte is written, then reads to EOF. */
    private void drain(long now) {
        drainingSince = now;
        for (ClientConnection c : all) {
            if (c.connected()) {
                c.stopReleasing();
            }
        }
    }

    /** Gives up connects and silent connections, and ends a drain that ran out of time; every {@link #SWEEP_NANOS}. */
    private void sweep(long now) {
        boolean cut = draining()
                && now - drainingSince > Math.max(MIN_DRAIN_CAP_NANOS, drainingSince - schedule.measureStart());
        boolean anyReleasing = false;
        for (ClientConnection c : all) {
            if (cut && c.connected()) {
                c.cutShort();
            } else {
                c.checkTimeouts(now, schedule);
                anyReleasing |= !c.idle()
                        && (c.releasing()
                                || c.state() == ClientConnection.State.PENDING
                                || c.state() == ClientConnection.State.CONNECTING);
            }
        }
        if (!draining() && !anyReleasing && nextToConnect == all.length && schedule.endsByMessages()) {
            drain(now); // every connection has sent its messages: the silent ones may end too
        }
    }

    /** Cancelled: every socket closes now, without counting an error. */
    private void closeAll() {
        for (ClientConnection c : all) {
            c.finish();
        }
    }

    private static ByteBuffer directBuffer() {
        return ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** What the connections report, on this loop's thread. */
    private final class Events implements ConnectionEvents {

        /** It sends, or (silent, or the run already draining) only waits for the end. */
        @Override
        public void connected(ClientConnection c, long now) {
            counters.connected();
            if (draining()) {
                c.stopReleasing();
            } else if (!c.idle()) {
                release.opened(c, now);
            }
        }

        @Override
        public void readable(ClientConnection c, long now) {
            if (c.releasing()) {
                release.echoed(c, now);
            }
        }

        @Override
        public void responseComplete(ClientConnection c, long m, long now) {
            counters.completed(now - release.stamp(c, m));
            lastCompletionAt = now;
            if (now < schedule.end() && !draining()) {
                windowMessages++;
                perSecond.count(now);
            }
        }

        @Override
        public void closed(ConnectionFigures figures) {
            counters.closed(figures.established(), figures.countedError());
            boolean scheduled = schedule.openLoop() && !figures.idle();
            tally = tally.plus(Tally.of(figures, scheduled ? schedule.intendedMessages(figures.index()) : 0));
            remaining--;
        }
    }
}
