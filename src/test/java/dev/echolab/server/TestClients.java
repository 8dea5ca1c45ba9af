package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Plain blocking clients for the server tests: every socket has timeouts, every echo is checked. */
final class TestClients {

    private TestClients() {}

    /** A client of the server on this loopback port: 5 s to connect, reads time out after 10 s. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    /**
     * A client of {@code address:port} that gives up on connecting after 2 s (a stopped server is refused at once)
     * and on a read after 5 s; the socket is closed when the connect fails.
     */
    static Socket connect(InetAddress address, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            socket.setSoTimeout(5_000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends the text and checks that exactly it comes back. */
    static void echoOnce(Socket client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.getOutputStream().write(bytes);
        assertThat(readExactly(client.getInputStream(), bytes.length)).isEqualTo(bytes);
    }

    /** Reads exactly {@code length} bytes; fails on an early EOF. */
    static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] buffer = in.readNBytes(length);
        assertThat(buffer.length).as("bytes before EOF").isEqualTo(length);
        return buffer;
    }

    /** The server ended the connection: EOF or a reset, well before the client's own 10 s read timeout. */
    static void assertClosedByServer(Socket client) throws IOException {
        client.setSoTimeout(8_000);
        try {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
    }

    static void assertEchoedAtEveryPosition(InputStream in, byte[] sent) throws IOException {
        readAndCompare(in, sent, 0, sent.length);
    }

    /** Reads {@code sent[from..to)} and checks every byte at its position; returns {@code to}. */
    static int readAndCompare(InputStream in, byte[] sent, int from, int to) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int at = from;
        while (at < to) {
            int n = in.read(chunk, 0, Math.min(chunk.length, to - at));
            if (n < 0) {
                throw new AssertionError("EOF after " + at + " of " + sent.length + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (chunk[i] != sent[at + i]) {
                    throw new AssertionError("byte at offset " + (at + i) + " differs");
                }
            }
            at += n;
        }
        return at;
    }

    static Void writeInRandomChunks(Socket client, byte[] data, int maxChunk, Random random) throws IOException {
        OutputStream out = client.getOutputStream();
        int at = 0;
        while (at < data.length) {
            int n = Math.min(1 + random.nextInt(maxChunk), data.length - at);
            out.write(data, at, n);
            at += n;
        }
        return null;
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
