package dev.echolab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thousands of echo connections to one server from the calling thread alone: non-blocking channels on one
 * {@link Selector}, a distinct message per connection and round, and every echoed byte compared.
 */
final class ManyConnections implements AutoCloseable {

    private static final int MESSAGE_BYTES = 64;

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();

    private ManyConnections(Selector selector) {
        this.selector = selector;
    }

    /** Connects {@code count} clients one after another (blocking connects, 5 s each), then makes them non-blocking. */
    static ManyConnections open(int port, int count) throws IOException {
        ManyConnections many = new ManyConnections(Selector.open());
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                many.connections.add(new Connection(i, channel));
                channel.socket().connect(server, 5_000);
                channel.configureBlocking(false);
                channel.register(many.selector, SelectionKey.OP_READ, many.connections.get(i));
            }
        } catch (IOException e) {
            many.close();
            throw e;
        }
        return many;
    }

    int size() {
        return connections.size();
    }

    /** Every connection sends its own message for this round; then every echo is read and compared with it. */
    void echoRound(int round, Duration timeout) throws IOException {
        for (Connection c : connections) {
            c.send(round);
        }
        int waiting = connections.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (waiting > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(waiting + " of " + connections.size() + " connections still wait for "
                        + "their echo of round " + round + " after " + timeout);
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                if (((Connection) key.attachment()).receive()) {
                    waiting--;
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection c : connections) {
            c.channel.close();
        }
        selector.close();
    }

    private static final class Connection {

        private final int id;
        private final SocketChannel channel;
        /** Twice a message, so that an echo longer than what was sent shows up instead of waiting unread. */
        private final ByteBuffer received = ByteBuffer.allocate(2 * MESSAGE_BYTES);

        private byte[] expected;

        Connection(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        void send(int round) throws IOException {
            String text = "connection %06d round %04d ".formatted(id, round);
            expected = (text + ".".repeat(MESSAGE_BYTES - text.length())).getBytes(StandardCharsets.US_ASCII);
            received.clear();
            int written = channel.write(ByteBuffer.wrap(expected));
            // 64 bytes into an empty socket buffer always fit; anything else would be a broken test, not server
            if (written != expected.length) {
                throw new IllegalStateException("short write of a " + MESSAGE_BYTES + "-byte message: " + written);
            }
        }

        /** Reads what arrived; true exactly once, when the whole message is back. */
        boolean receive() throws IOException {
            int before = received.position();
            if (channel.read(received) < 0) {
                throw new AssertionError("the server closed connection " + id + " after " + received.position() + " of "
                        + MESSAGE_BYTES + " bytes");
            }
            if (received.position() > MESSAGE_BYTES) {
                throw new AssertionError(
                        "connection " + id + " got " + received.position() + " bytes back, sent " + MESSAGE_BYTES);
            }
            if (before < MESSAGE_BYTES && received.position() == MESSAGE_BYTES) {
                byte[] echoed = new byte[MESSAGE_BYTES];
                received.flip().get(echoed);
                received.limit(received.capacity());
                if (!java.util.Arrays.equals(echoed, expected)) {
                    throw new AssertionError(
                            "connection " + id + " got back \"" + new String(echoed, StandardCharsets.US_ASCII) + "\"");
                }
                return true;
            }
            return false;
        }
    }
}
