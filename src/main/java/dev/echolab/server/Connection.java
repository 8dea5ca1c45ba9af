package dev.echolab.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client of a model that drives non-blocking channels ({@code non-blocking}, {@code multiplexing},
 * {@code multi-reactor}): the channel and the bytes read from it but not yet echoed, the note's "data per
 * connection". Those bytes form one queue, so a partial write leaves its remainder at the head and bytes never
 * reorder. The queue holds at most {@code bufferBytes}: a full connection is not read until it drains.
 *
 * <p>Not thread-safe: called on the one loop thread that owns the connection (or the coroutine that holds its loop's
 * baton); must not block.
 */
final class Connection {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int FIRST_CAPACITY = 1024;

    private final SocketChannel channel;
    private final ServerContext context;
    private final EchoStats stats;
    private final int maxPending;
    /** Read mode: position..limit are the bytes waiting to be echoed. Grows on demand up to maxPending. */
    private ByteBuffer pending = EMPTY;

    private boolean inputShutdown;
    private boolean closed;
    private Runnable onClose = () -> {};
    private long lastActiveNanos = System.nanoTime();

    /**
     * Takes over a freshly accepted and {@linkplain ServerContext#admit() admitted} channel and switches it to
     * non-blocking mode; {@link #close()} releases it.
     */
    Connection(SocketChannel channel, ServerContext context) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.channel = channel;
        this.context = context;
        this.stats = context.stats();
        this.maxPending = context.settings().bufferBytes();
    }

    SocketChannel channel() {
        return channel;
    }

    /**
     * Reads what the client sent, as much as the queue has room for, through the loop's {@code scratch} buffer.
     *
     * @return bytes read; 0 when nothing was waiting or the queue is full; -1 once the client shut down its output
     */
    int read(ByteBuffer scratch) throws IOException {
        if (inputShutdown) {
            return -1;
        }
        int room = maxPending - pending.remaining();
        if (room == 0) {
            return 0;
        }
        scratch.clear().limit(Math.min(room, scratch.capacity()));
        int n = channel.read(scratch);
        if (n < 0) {
            inputShutdown = true;
        } else if (n > 0) {
            stats.received(n);
            append(scratch.flip());
            lastActiveNanos = System.nanoTime();
        }
        return n;
    }

    /**
     * Reads like {@link #read} and, when nothing is queued, echoes straight from {@code scratch}: only what the
     * socket does not take is queued. Saves two copies per message (into the queue, and the JDK's copy of a heap
     * buffer into a direct one on write). The selector models use it; {@code non-blocking} keeps the note's
     * separate read and send steps.
     */
    int readAndEcho(ByteBuffer scratch) throws IOException {
        if (pending.hasRemaining() || inputShutdown) {
            return read(scratch);
        }
        scratch.clear().limit(Math.min(maxPending, scratch.capacity()));
        int n = channel.read(scratch);
        if (n < 0) {
            inputShutdown = true;
        } else if (n > 0) {
            stats.received(n);
            lastActiveNanos = System.nanoTime();
            int written = channel.write(scratch.flip());
            if (written > 0) {
                stats.sent(written);
            }
            if (scratch.hasRemaining()) {
                append(scratch);
            }
        }
        return n;
    }

    /** Writes as much of the queue as the socket takes now; a partial write leaves the rest at the head. */
    int write() throws IOException {
        if (!pending.hasRemaining()) {
            return 0;
        }
        int n = channel.write(pending);
        if (n > 0) {
            stats.sent(n);
            lastActiveNanos = System.nanoTime();
        }
        return n;
    }

    boolean hasPending() {
        return pending.hasRemaining();
    }

    /** Worth reading: the client may still send, and the queue has room for it. */
    boolean wantsRead() {
        return !inputShutdown && pending.remaining() < maxPending;
    }

    /** Half-closed by the client and everything it sent has been echoed: time to close. */
    boolean finished() {
        return inputShutdown && !pending.hasRemaining();
    }

    /** Neither read nor written for the idle timeout (never, when that is {@link IdleTimeout#NEVER}). */
    boolean idle(IdleTimeout timeout, long nowNanos) {
        return timeout.expired(lastActiveNanos, nowNanos);
    }

    boolean isOpen() {
        return !closed;
    }

    /** Counts the failure that ends this connection (one per connection), then closes it. */
    void fail(IOException e) {
        if (!closed) {
            context.countError(e);
            close();
        }
    }

    /** Closes the channel (which also cancels its selection keys); idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is gone either way
        }
        context.release();
        onClose.run();
    }

    /** What to do once it has closed, whoever closes it: how the reactor that holds it counts it gone. */
    void onClose(Runnable action) {
        onClose = action;
    }

    /** Appends behind what is already queued, compacting or growing the queue (never past maxPending). */
    private void append(ByteBuffer bytes) {
        if (pending.capacity() - pending.limit() < bytes.remaining()) {
            int needed = pending.remaining() + bytes.remaining();
            ByteBuffer target = needed <= pending.capacity()
                    ? pending.compact()
                    : ByteBuffer.allocate(Math.min(
                                    maxPending, Math.max(needed, Math.max(FIRST_CAPACITY, 2 * pending.capacity()))))
                            .put(pending);
            pending = target.flip();
        }
        int at = pending.limit();
        pending.limit(at + bytes.remaining());
        pending.put(at, bytes, bytes.position(), bytes.remaining());
    }
}
