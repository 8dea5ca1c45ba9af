package dev.echolab.stress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the load generator: connects, writes the messages its {@link Release} lets go, reads
 * and verifies every echoed byte at its offset, and at the end half-closes and reads to EOF. It holds no data
 * buffer: the bytes to send and to expect are regenerated from {@link EchoPattern}.
 *
 * <pre>
 *  PENDING --connect--> CONNECTING --connected--> OPEN --stopReleasing, all written--> HALF_CLOSED
 *                           |                       |                                      |
 *                           | refused, timed out    | reset, silent too long,              | EOF with every byte back
 *                           v                       v wrong byte, EOF too early            v
 *                          DONE <------------------ DONE <---- same failures, or cut ---- DONE (clean)
 * </pre>
 *
 * <p>Messages are numbered from 0 on the connection; message {@code m} is stream bytes
 * {@code [m * payload, (m + 1) * payload)}. A message is <em>released</em> when it may be sent (closed loop: a
 * slot in the pipeline is free; open loop: its time has come) and <em>completed</em> when its last byte came back;
 * its latency runs from the release's stamp to completion.
 *
 * <p>Owned by one {@link ClientLoop} thread: every method is called on it, and no other thread reads the state
 * until that loop has ended. It never blocks. It tells its loop what happens through {@link ConnectionEvents}.
 *
 * <p>One state machine, kept in one file. Should it grow, the seam is between the socket's life (connect, ready,
 * half-close, timeouts, the ending) and the stream's bookkeeping (offsets, released and completed messages, which
 * of them count: {@link MeasuredWindow} is the first piece of it that left).
 */
final class ClientConnection {

    enum State {
        PENDING,
        CONNECTING,
        OPEN,
        HALF_CLOSED,
        DONE
    }

    /**
     * What every connection of one loop shares: the message size, the loop's two direct buffers (only one
     * connection uses them at a time, on the loop's thread), and where to report.
     */
    record Shared(int payload, ByteBuffer sendBuffer, ByteBuffer receiveBuffer, ConnectionEvents events) {}

    private final int index;
    private final int slot;
    private final long connectAt;
    private final boolean idle;
    private final long seed;
    private final int payload;
    private final Shared shared;
    private final ConnectionEvents events;

    private State state = State.PENDING;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean wantsWrite;
    private boolean established;
    private long connectStartedAt;
    private long sendOffset;
    private long receivedOffset;
    private long released;
    private long completed;
    private MeasuredWindow window = MeasuredWindow.NOT_YET;

    private boolean stopReleasing;
    /** When a byte last came back, or the connection opened: what the response timeout is measured from. */
    private long lastProgressAt;

    /**
     * @param index     its number in the run, from 0: its phase in the open loop and its place in the connect order
     * @param slot      its position among its loop's connections that send, for arrays kept by the loop's
     *                  {@link Release}; -1 for a silent one
     * @param seed      of its byte stream ({@link EchoPattern})
     * @param connectAt when it connects, {@link System#nanoTime()}
     * @param idle      a silent connection: connects, sends nothing, and only checks that nothing comes back and it
     *                  stays open
     */
    ClientConnection(int index, int slot, long seed, long connectAt, boolean idle, Shared shared) {
        this.index = index;
        this.slot = slot;
        this.seed = seed;
        this.connectAt = connectAt;
        this.idle = idle;
        this.payload = shared.payload();
        this.shared = shared;
        this.events = shared.events();
    }

    int index() {
        return index;
    }

    int slot() {
        return slot;
    }

    long connectAt() {
        return connectAt;
    }

    boolean idle() {
        return idle;
    }

    void connect(Selector selector, InetSocketAddress address, long now) {
        state = State.CONNECTING;
        connectStartedAt = now;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                key = channel.register(selector, SelectionKey.OP_READ, this);
                opened(now);
            } else {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail(established ? ClientError.RESET : ClientError.ofConnect(e), e);
        }
    }

    /** The selector says this connection is ready. */
    void onReady(SelectionKey ready) {
        try {
            if (ready.isConnectable()) {
                if (channel.finishConnect()) {
                    ready.interestOps(SelectionKey.OP_READ);
                    opened(System.nanoTime());
                }
                return;
            }
            if (ready.isReadable()) {
                read();
            }
            if (state != State.DONE && ready.isValid() && ready.isWritable()) {
                flush();
            }
        } catch (IOException e) {
            fail(state == State.CONNECTING ? ClientError.ofConnect(e) : ClientError.RESET, e);
        }
    }

    private void opened(long now) throws IOException {
        state = State.OPEN;
        established = true;
        lastProgressAt = now;
        events.connected(this, now);
    }

    /** Releases the next message (the caller flushes) and returns its number. */
    long release(long now) {
        if (released * payload == receivedOffset) {
            lastProgressAt = now; // nothing was owed until now: the response timeout starts here
        }
        return released++;
    }

    /** Messages from {@code m} on count in the figures. */
    void countFrom(long m) {
        window = MeasuredWindow.from(m);
    }

    /**
     * Writes every released byte the socket takes; the rest waits for OP_WRITE. Half-closes once all is written. A
     * failed write ends the connection as reset.
     */
    void flush() {
        ByteBuffer buffer = shared.sendBuffer();
        long releasedBytes = released * payload;
        try {
            while (sendOffset < releasedBytes) {
                int length = (int) Math.min(buffer.capacity(), releasedBytes - sendOffset);
                buffer.clear();
                EchoPattern.fill(buffer, seed, sendOffset, length);
                buffer.flip();
                int n = channel.write(buffer);
                sendOffset += n;
                if (n < length) {
                    wantWrite(true);
                    return;
                }
            }
            wantWrite(false);
            if (stopReleasing && state == State.OPEN) {
                channel.shutdownOutput();
                state = State.HALF_CLOSED;
                lastProgressAt = System.nanoTime(); // from now on the server's EOF is owed
            }
        } catch (IOException e) {
            fail(ClientError.RESET, e);
        }
    }

    private void read() throws IOException {
        ByteBuffer buffer = shared.receiveBuffer();
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            endOfStream();
            return;
        }
        if (n == 0) {
            return;
        }
        long now = System.nanoTime();
        lastProgressAt = now;
        buffer.flip();
        long bad = EchoPattern.firstUnexpected(buffer, seed, receivedOffset, sendOffset);
        if (bad >= 0) {
            receivedOffset = bad; // every byte before it was right
            fail(ClientError.MISMATCH, null);
            return;
        }
        receivedOffset += n;
        for (long echoed = receivedOffset / payload; completed < echoed; completed++) {
            if (window.counts(completed)) {
                events.responseComplete(this, completed, now);
            }
        }
        events.readable(this, now);
    }

    /** The server closed its side: as the contract says once every byte came back after our half-close, else early. */
    private void endOfStream() {
        if (state == State.HALF_CLOSED && receivedOffset == sendOffset) {
            finish();
        } else {
            fail(ClientError.CLOSED_EARLY, null);
        }
    }

    /** The run ended for this connection: no more releases; half-close once everything released is written. */
    void stopReleasing() {
        stopReleasing = true;
        if (state == State.OPEN) {
            flush(); // half-closes at once if everything released is written, else once it is
        }
    }

    /** Gives up a connect or a connection that waited too long for any byte; called every sweep. */
    void checkTimeouts(long now, Schedule schedule) {
        if (state == State.CONNECTING && now - connectStartedAt > schedule.connectTimeoutNanos()) {
            fail(ClientError.CONNECT_TIMEOUT, null);
        } else if (waiting() && now - lastProgressAt > schedule.responseTimeoutNanos()) {
            fail(ClientError.RESPONSE_TIMEOUT, null);
        }
    }

    /** Something is owed to this connection: an echo of bytes sent, or the server's EOF after the half-close. */
    private boolean waiting() {
        return state == State.HALF_CLOSED || (state == State.OPEN && receivedOffset < sendOffset);
    }

    /** The connection ends in an error; every byte sent and not echoed is missing, however it ended. */
    void fail(ClientError kind, IOException cause) {
        long unechoed = kind == ClientError.MISMATCH ? 0 : sendOffset - receivedOffset;
        end(kind, cause == null ? null : cause.getMessage(), false, unechoed);
    }

    /** The drain ran out of time while the server was still answering: closes without blaming it. */
    void cutShort() {
        end(null, null, true, released * payload - receivedOffset);
    }

    /** Closes the socket without an error: every byte came back, or the run was cancelled. */
    void finish() {
        end(null, null, false, 0);
    }

    /** Closes the socket, once; the loop learns the connection is done, and what it did. */
    private void end(ClientError failure, String failureMessage, boolean cutShort, long unechoedBytes) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing is best effort: the socket is gone either way
        }
        events.closed(new ConnectionFigures(
                index,
                idle,
                established,
                failure,
                failureMessage,
                cutShort,
                unechoedBytes,
                receivedOffset,
                window.messages(sendOffset / payload),
                window.messages(completed),
                window.bytes(sendOffset, payload),
                window.bytes(receivedOffset, payload)));
    }

    private void wantWrite(boolean on) {
        if (wantsWrite != on) {
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            wantsWrite = on;
        }
    }

    long released() {
        return released;
    }

    int inFlight() {
        return (int) (released - completed);
    }

    State state() {
        return state;
    }

    boolean connected() {
        return state == State.OPEN || state == State.HALF_CLOSED;
    }

    boolean releasing() {
        return state == State.OPEN && !stopReleasing;
    }

    /** Measured messages released so far. */
    long countedReleased() {
        return window.messages(released);
    }
}
