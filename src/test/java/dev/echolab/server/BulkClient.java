package dev.echolab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that writes as fast as it can and reads everything back, on two threads of its own: the neighbour that
 * would starve every other client of a model that lets one connection keep its thread or loop. What comes back is
 * counted, not checked (the conformance suite checks every byte elsewhere). Closing it closes the socket, which
 * ends both threads.
 */
final class BulkClient implements AutoCloseable {

    private static final int CHUNK = 1024 * 1024;

    private final Socket socket;
    private final AtomicLong echoed = new AtomicLong();
    private final Thread writer;
    private final Thread reader;

    private BulkClient(Socket socket) {
        this.socket = socket;
        this.writer = Thread.ofPlatform().name("bulk-client-writer").daemon().start(this::write);
        this.reader = Thread.ofPlatform().name("bulk-client-reader").daemon().start(this::read);
    }

    /** Connects to the server on this loopback port and starts flooding it. */
    static BulkClient flood(int port) throws IOException {
        Socket socket = new Socket();
        // Deep buffers on both sides: the server always finds bytes to read and room to write them back, so a model
        // that serves a connection for as long as it is ready never has to let go of it.
        socket.setSendBufferSize(4 * 1024 * 1024);
        socket.setReceiveBufferSize(4 * 1024 * 1024);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return new BulkClient(socket);
    }

    /** Bytes that came back so far. */
    long echoed() {
        return echoed.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            writer.join(10_000);
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        byte[] chunk = TestClients.randomBytes(CHUNK, 99);
        try {
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                out.write(chunk);
            }
        } catch (IOException closed) {
            // closed by the test or by the server: the flood is over
        }
    }

    private void read() {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                echoed.addAndGet(n);
            }
        } catch (IOException closed) {
            // closed by the test or by the server (a read timeout too: the server stopped answering)
        }
    }
}
