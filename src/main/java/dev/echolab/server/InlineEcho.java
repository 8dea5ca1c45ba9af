package dev.echolab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * The {@link Reactor.Service} of {@code multiplexing} and {@code multi-reactor}: a ready connection is served right
 * there, on the loop thread. It reads what is readable, writes what is pending, then asks only for the events that
 * can make progress: always reads while its queue has room (the note's {@code rlist}), writes only while bytes are
 * pending (its {@code wlist}). One read per ready connection per select: every other ready connection gets its turn
 * before this one reads again.
 */
final class InlineEcho implements Reactor.Service<Connection> {

    /** The loop's one read buffer: a connection keeps what it could not write in its own queue, never here. */
    private final ByteBuffer scratch;

    /** Made on the loop thread, whose buffer this is. */
    InlineEcho(ServerContext context) {
        this.scratch = ByteBuffer.allocateDirect(context.readChunk());
    }

    @Override
    public Connection attach(Connection connection, SelectionKey key) {
        return connection;
    }

    @Override
    public void ready(SelectionKey key, Connection connection) {
        try {
            if (key.isReadable()) {
                connection.readAndEcho(scratch);
            }
            // Write at once rather than waiting for OP_WRITE: a socket with room is the common case.
            connection.write();
        } catch (IOException e) {
            connection.fail(e); // closing the channel cancels the key
            return;
        }
        if (connection.finished()) {
            connection.close(); // half-closed by the client and everything echoed
            return;
        }
        int ops = (connection.wantsRead() ? SelectionKey.OP_READ : 0)
                | (connection.hasPending() ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public Connection connection(Connection connection) {
        return connection;
    }

    @Override
    public void end(Connection connection) {
        connection.close();
    }
}
