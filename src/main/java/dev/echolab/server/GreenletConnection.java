package dev.echolab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.function.UnaryOperator;

/**
 * One client of the {@code greenlet} model, served by its own {@link Coroutine}. Its echo loop reads like the
 * blocking one of {@code thread-per-connection}, except where a read or a write would block: there it asks the
 * hub to wake it when the socket is ready and switches to the hub ({@link #waitUntil}), the note's greenlet that
 * calls {@code hub.switch()}. It also switches back when its turn is over ({@link #giveWayIfTurnIsOver}), so that
 * one busy client cannot keep the hub from the others.
 *
 * <p>Bounded: what it could not write yet waits in the {@link Connection}'s queue, at most {@code bufferBytes}; a
 * full queue is not read from until it drains. The hub may close the connection while the coroutine waits
 * (idle timeout, stop); the coroutine then wakes to a closed channel and ends.
 */
final class GreenletConnection {

    private final Connection connection;
    /** Its key on the hub's selector; replaced when the hub rebuilds its selector. */
    private SelectionKey key;

    private final Hub hub;
    private final ByteBuffer scratch;
    private Coroutine coroutine;
    /** Reads and bytes since the hub last switched here: the turn is over at either's limit. */
    private int readsThisTurn;

    private long bytesThisTurn;

    /**
     * @param scratch the hub's read buffer, shared by every coroutine: only one runs at a time, and none keeps
     *                bytes in it across a switch ({@link Connection#readAndEcho} queues what it could not write)
     */
    GreenletConnection(Connection connection, SelectionKey key, Hub hub, ByteBuffer scratch) {
        this.connection = connection;
        this.key = key;
        this.hub = hub;
        this.scratch = scratch;
    }

    /**
     * Spawns the coroutine that serves this client, running its echo loop ({@code around} it: the identity but in
     * tests); it first runs when the hub switches to it.
     */
    void spawn(UnaryOperator<Coroutine.Body> around) {
        coroutine = hub.spawn(around.apply(this::serve));
    }

    /** The hub rebuilt its selector: wait on this key from now on. */
    void rekeyed(SelectionKey moved) {
        key = moved;
    }

    Coroutine coroutine() {
        return coroutine;
    }

    Connection connection() {
        return connection;
    }

    /** The coroutine's body: echo until the client half-closes (then close) or fails (then count it). */
    private void serve(Coroutine self) {
        try {
            while (true) {
                giveWayIfTurnIsOver(self);
                int n = counted(connection.readAndEcho(scratch));
                if (n < 0) {
                    break; // the client shut down its output; everything it sent has been echoed below
                }
                if (n == 0) {
                    waitUntil(SelectionKey.OP_READ, self);
                }
                while (connection.hasPending()) {
                    giveWayIfTurnIsOver(self);
                    // While the echo waits for the client to read, keep reading up to bufferBytes, as the other
                    // selector models do: the queue in the server, not the client's socket, holds the backlog.
                    counted(connection.read(scratch));
                    if (connection.write() == 0) {
                        waitUntil(SelectionKey.OP_WRITE | (connection.wantsRead() ? SelectionKey.OP_READ : 0), self);
                    }
                }
            }
            connection.close();
        } catch (IOException e) {
            connection.fail(e); // counts it, unless the hub closed the connection first (then a no-op)
        }
        // Anything else ends the coroutine with the connection open: the hub closes it (a coroutine that died).
    }

    private int counted(int read) {
        readsThisTurn++;
        bytesThisTurn += Math.max(0, read);
        return read;
    }

    /**
     * Fairness: after {@link ServerContext#READS_PER_TURN} reads or {@link ServerContext#BYTES_PER_TURN} bytes in a
     * row, switches to the hub even though the socket is still ready, as Netty ends a channel's turn after
     * {@code maxMessagesPerRead}. A client that sends as
     * fast as it reads would otherwise keep this coroutine running, and the hub (and so every other client, the
     * accepts, the idle sweep and a stop) waiting, for as long as it pleased. The hub switches back at its next
     * select, after the others that are ready.
     */
    private void giveWayIfTurnIsOver(Coroutine self) throws ClosedChannelException {
        if (readsThisTurn >= ServerContext.READS_PER_TURN || bytesThisTurn >= ServerContext.BYTES_PER_TURN) {
            waitUntil(
                    connection.hasPending()
                            ? SelectionKey.OP_WRITE | (connection.wantsRead() ? SelectionKey.OP_READ : 0)
                            : SelectionKey.OP_READ,
                    self);
        }
    }

    /**
     * Where {@code thread-per-connection} would block: asks the hub for {@code ops} and switches to it. Returns
     * when the hub switches back, which it does once the socket is ready, or after closing it; a new turn begins.
     */
    private void waitUntil(int ops, Coroutine self) throws ClosedChannelException {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
        self.switchTo(hub);
        readsThisTurn = 0;
        bytesThisTurn = 0;
        if (!connection.isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
