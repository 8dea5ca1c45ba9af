package dev.echolab.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An echo server that misbehaves in one chosen way, for the engine to catch: a thread per connection that runs
 * a {@link Fault} over the bytes, numbered by their offset in the connection's stream.
 */
final class FaultyServer implements AutoCloseable {

    /** What the server does with the bytes it read at stream {@code offset}. */
    @FunctionalInterface
    interface Fault {
        /** Writes (or not) something back; false closes the connection right after. */
        boolean echo(byte[] read, long offset, OutputStream out) throws IOException, InterruptedException;

        /** At the client's half-close, before the server closes: an honest server has nothing left to write. */
        default void atEndOfStream(OutputStream out) throws IOException {}

        /** Whether closing the connection (after {@code echo} said false) resets it instead of a clean FIN. */
        default boolean resets() {
            return false;
        }
    }

    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    FaultyServer(Supplier<Fault> faultPerConnection) throws IOException {
        listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().name("faulty-accept").daemon().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    open.add(socket);
                    Thread.ofPlatform()
                            .name("faulty-conn-" + connections.incrementAndGet())
                            .daemon()
                            .start(() -> serve(socket, faultPerConnection.get()));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections the server holds open now. */
    int openConnections() {
        return open.size();
    }

    private void serve(Socket socket, Fault fault) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            long offset = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                boolean goOn = fault.echo(Arrays.copyOf(buffer, n), offset, out);
                offset += n;
                if (!goOn) {
                    if (fault.resets()) {
                        socket.setSoLinger(true, 0); // close() now sends RST
                    }
                    return;
                }
            }
            fault.atEndOfStream(out);
        } catch (IOException | InterruptedException e) {
            // the client went away or the test ended
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
