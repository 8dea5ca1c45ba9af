package dev.echolab.stress;

import dev.echolab.stress.ClientConnection.State;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One load-generator thread ({@code echo-lab-stress-N}): a {@link Selector} over its share of the connections.
 * It connects them on schedule, releases messages (closed loop: as echoes complete; open loop: on a 1 ms grid of
 * intended send times), writes them, checks every echoed byte at its offset, records latencies, gives up
 * connections that time out, and at the end half-closes each connection and reads it to EOF.
 *
 * <p>Everything here runs on the loop's own thread and never blocks but in {@code select}. The hot path allocates
 * nothing of its own: the two direct buffers are the thread's, bytes are regenerated rather than kept, and
 * latencies go into a preallocated recorder. (The JDK's epoll selector itself boxes the file descriptor of each
 * ready key above 127: 16 bytes per event, measured with JFR.)
 * Other threads read only the live counters and the latency recorder, and {@link #wakeup()} it.
 */
final class ClientLoop implements Runnable {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Open loop: a message may go out up to this much before its time, measured then from the actual send. */
    private static final long AHEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int BUFFER_BYTES = 64 * 1024;
    static final long HIGHEST_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final Schedule schedule;
    private final InetSocketAddress address;
    private final ClientConnection[] connections;
    private final RunControl control;
    private final Selector selector;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final Consumer<SelectionKey> onReady = this::onReady;

    /** Latency in ns of every counted message; this loop writes, the coordinator takes interval histograms. */
    final SingleWriterRecorder latency = new SingleWriterRecorder(1, HIGHEST_LATENCY_NANOS, 3);
    final AtomicLong messages = new AtomicLong();
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicLongArray errors = new AtomicLongArray(ClientError.values().length);
    volatile long cpuAtMeasureStart = -1;
    volatile long cpuAtEnd = -1;
    volatile long lastCountedCompletionAt;
    volatile Throwable crash;
    /** Open loop: messages not sent because a connection already had {@link ClientConnection#MAX_IN_FLIGHT}. */
    long skipped;
    long bytesVerified;
    /** Measured messages completed inside the measured window (before the drain), and when. */
    long windowMessages;
    final PerSecond perSecond;

    private int nextToConnect;
    private int remaining;
    private boolean measuring;
    private boolean ending;
    private long nextSweep;
    private int cursor;
    private long cycle;
    private long counted;

    ClientLoop(Schedule schedule, InetSocketAddress address, ClientConnection[] connections, RunControl control)
            throws IOException {
        this.schedule = schedule;
        this.address = address;
        this.connections = connections;
        this.control = control;
        this.selector = Selector.open();
        this.remaining = connections.length;
        this.perSecond = schedule.perSecond();
    }

    /** This loop's connections, for the final figures; read only after its thread has ended. */
    ClientConnection[] connections() {
        return connections;
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            doRun();
        } catch (Throwable e) {
            crash = e;
            closeAll();
        } finally {
            cpuAtEnd = MX.getCurrentThreadCpuTime();
            close();
        }
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
            long now = System.nanoTime();
            if (control.cancelled()) {
                closeAll();
                return;
            }
            if (control.aborted()) {
                failAll(ClientError.RESPONSE_TIMEOUT);
                return;
            }
            if (!measuring && now >= schedule.measureStart()) {
                startMeasuring();
            }
            connectDue(now);
            if (schedule.openLoop() && !ending) {
                releaseDue(now); // first: a loop that woke late still sends what was due before the end
            }
            if (!ending && (now >= schedule.end() || control.endRequested())) {
                endRun(now);
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
            long wait = waitNanos(now);
            if (wait <= 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
            }
        }
    }

    private long waitNanos(long now) {
        long until = nextSweep;
        if (nextToConnect < connections.length) {
            until = Math.min(until, connections[nextToConnect].connectAt);
        }
        if (!measuring) {
            until = Math.min(until, schedule.measureStart());
        }
        if (!ending) {
            until = Math.min(until, schedule.end());
            long due = schedule.openLoop() ? schedule.dueAt(cycle, connections[cursor].index) : Long.MAX_VALUE;
            if (due < schedule.end()) {
                until = Math.min(until, due - AHEAD_NANOS);
            }
        }
        return until - now;
    }

    private void startMeasuring() {
        measuring = true;
        cpuAtMeasureStart = MX.getCurrentThreadCpuTime();
        for (ClientConnection c : connections) {
            if (c.connected()) {
                c.countFrom = c.released; // what is in flight now belongs to the warm-up
            }
        }
    }

    private void connectDue(long now) {
        while (nextToConnect < connections.length && connections[nextToConnect].connectAt <= now) {
            connect(connections[nextToConnect++], now);
        }
    }

    private void connect(ClientConnection c, long now) {
        c.state = State.CONNECTING;
        c.connectStartedAt = now;
        try {
            SocketChannel channel = SocketChannel.open();
            c.channel = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                opened(c, now);
            } else {
                c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            c.failureMessage = e.getMessage();
            fail(c, c.connected() ? ClientError.RESET : ClientError.ofConnect(e));
        }
    }

    private void onReady(SelectionKey key) {
        ClientConnection c = (ClientConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    opened(c, System.nanoTime());
                }
                return;
            }
            if (key.isReadable()) {
                read(c);
            }
            if (c.state != State.DONE && key.isValid() && key.isWritable()) {
                flush(c, System.nanoTime());
            }
        } catch (IOException e) {
            c.failureMessage = e.getMessage();
            fail(c, c.state == State.CONNECTING ? ClientError.ofConnect(e) : ClientError.RESET);
        }
    }

    private void opened(ClientConnection c, long now) throws IOException {
        c.state = State.OPEN;
        c.established = true;
        c.lastReceivedAt = now;
        established.incrementAndGet();
        active.incrementAndGet();
        if (measuring) {
            c.countFrom = 0;
        }
        if (ending) {
            stopReleasing(c, now);
        } else if (!schedule.openLoop()) {
            topUp(c, now);
            flush(c, now);
        }
    }

    private void read(ClientConnection c) throws IOException {
        receiveBuffer.clear();
        int n = c.channel.read(receiveBuffer);
        if (n < 0) {
            endOfStream(c);
            return;
        }
        if (n == 0) {
            return;
        }
        long now = System.nanoTime();
        c.lastReceivedAt = now;
        receiveBuffer.flip();
        long expected = c.sendOffset - c.receivedOffset;
        if (n > expected) {
            receiveBuffer.limit((int) expected);
        }
        long bad = EchoPattern.firstMismatch(receiveBuffer, c.seed, c.receivedOffset);
        if (bad < 0 && n > expected) {
            bad = c.sendOffset; // more came back than was ever sent
        }
        if (bad >= 0) {
            bytesVerified += bad - c.receivedOffset;
            c.receivedOffset = bad;
            c.firstMismatchOffset = bad;
            fail(c, ClientError.MISMATCH);
            return;
        }
        c.receivedOffset += n;
        bytesVerified += n;
        complete(c, now);
        if (!schedule.openLoop()) {
            topUp(c, now);
            flush(c, now);
        }
    }

    private void complete(ClientConnection c, long now) {
        long echoed = c.receivedOffset / c.payload;
        boolean any = false;
        while (c.completed < echoed) {
            if (c.counts(c.completed)) {
                latency.recordValue(Math.min(now - c.oldestStamp(), HIGHEST_LATENCY_NANOS));
                counted++;
                if (now < schedule.end()) {
                    windowMessages++;
                    perSecond.count(now);
                }
                any = true;
            }
            c.completed++;
        }
        if (any) {
            messages.lazySet(counted);
            lastCountedCompletionAt = now;
        }
    }

    /** Closed loop: keeps {@code pipeline} messages in flight until the run ends for this connection. */
    private void topUp(ClientConnection c, long now) throws IOException {
        while (!c.stopReleasing && c.inFlight() < schedule.pipeline()) {
            if (sentAllMessages(c)) {
                stopReleasing(c, now);
                return;
            }
            c.release(now);
        }
    }

    /**
     * Open loop: releases every message due by now (plus the look-ahead) and before the end, one connection after
     * another, so the count sent is the rate times the duration however late the loop wakes.
     */
    private void releaseDue(long now) {
        for (int budget = 4096; budget > 0; budget--) {
            long due = schedule.dueAt(cycle, connections[cursor].index);
            if (due > now + AHEAD_NANOS || due >= schedule.end()) {
                return;
            }
            ClientConnection c = connections[cursor];
            if (c.state == State.OPEN && !c.stopReleasing) {
                try {
                    if (sentAllMessages(c)) {
                        stopReleasing(c, now);
                    } else if (c.release(Math.min(due, now))) {
                        flush(c, now);
                    } else {
                        skipped++;
                    }
                } catch (IOException e) {
                    fail(c, ClientError.RESET);
                }
            }
            if (++cursor == connections.length) {
                cursor = 0;
                cycle++;
            }
        }
    }

    private boolean sentAllMessages(ClientConnection c) {
        return schedule.endsByMessages() && measuring && c.countedReleased() >= schedule.messagesPerConnection();
    }

    /** Writes every released byte it can; the rest waits for OP_WRITE. Half-closes once the end is written. */
    private void flush(ClientConnection c, long now) throws IOException {
        long releasedBytes = c.releasedBytes();
        while (c.sendOffset < releasedBytes) {
            int length = (int) Math.min(BUFFER_BYTES, releasedBytes - c.sendOffset);
            sendBuffer.clear();
            EchoPattern.fill(sendBuffer, c.seed, c.sendOffset, length);
            sendBuffer.flip();
            int n = c.channel.write(sendBuffer);
            c.sendOffset += n;
            if (n < length) {
                wantWrite(c, true);
                return;
            }
        }
        wantWrite(c, false);
        if (c.stopReleasing && c.state == State.OPEN) {
            halfClose(c, now);
        }
    }

    private void wantWrite(ClientConnection c, boolean on) {
        if (c.wantsWrite != on) {
            c.key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            c.wantsWrite = on;
        }
    }

    private void stopReleasing(ClientConnection c, long now) throws IOException {
        c.stopReleasing = true;
        if (c.state == State.OPEN && c.sendOffset == c.releasedBytes()) {
            halfClose(c, now);
        }
    }

    private void halfClose(ClientConnection c, long now) throws IOException {
        c.channel.shutdownOutput();
        c.state = State.HALF_CLOSED;
        c.halfClosedAt = now;
    }

    private void endOfStream(ClientConnection c) {
        if (c.state == State.HALF_CLOSED && c.receivedOffset == c.sendOffset) {
            finish(c); // everything came back, then the server closed as the contract says
            return;
        }
        c.missingBytes = c.sendOffset - c.receivedOffset;
        fail(c, ClientError.CLOSED_EARLY);
    }

    private void endRun(long now) {
        ending = true;
        for (ClientConnection c : connections) {
            if (c.state == State.OPEN) {
                try {
                    stopReleasing(c, now);
                } catch (IOException e) {
                    fail(c, ClientError.RESET);
                }
            }
        }
    }

    /** Gives up connects and connections that waited too long; cheap enough to run every {@link #SWEEP_NANOS}. */
    private void sweep(long now) {
        for (ClientConnection c : connections) {
            switch (c.state) {
                case CONNECTING -> {
                    if (now - c.connectStartedAt > schedule.connectTimeoutNanos()) {
                        fail(c, ClientError.CONNECT_TIMEOUT);
                    }
                }
                case OPEN -> {
                    if (c.inFlight() > 0
                            && now - Math.max(c.oldestStamp(), c.lastReceivedAt) > schedule.responseTimeoutNanos()) {
                        fail(c, ClientError.RESPONSE_TIMEOUT);
                    }
                }
                case HALF_CLOSED -> {
                    if (now - Math.max(c.halfClosedAt, c.lastReceivedAt) > schedule.responseTimeoutNanos()) {
                        fail(c, ClientError.RESPONSE_TIMEOUT);
                    }
                }
                default -> {
                }
            }
        }
    }

    private void fail(ClientConnection c, ClientError kind) {
        c.failure = kind;
        errors.incrementAndGet(kind.ordinal());
        finish(c);
    }

    private void finish(ClientConnection c) {
        if (c.connected()) {
            active.decrementAndGet();
        }
        c.state = State.DONE;
        remaining--;
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing is best effort: the socket is gone either way
            }
        }
    }

    /** Cancelled: every socket closes now, without counting an error. */
    private void closeAll() {
        for (ClientConnection c : connections) {
            if (c.state != State.DONE) {
                finish(c);
            }
        }
    }

    private void failAll(ClientError kind) {
        for (ClientConnection c : connections) {
            if (c.state != State.DONE) {
                fail(c, kind);
            }
        }
    }
}
