package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain blocking clients for the server tests: every socket has timeouts, every echo is checked. */
final class TestClients {

    private TestClients() {
    }

    /** A client of the server on this loopback port: 5 s to connect, reads time out after 10 s. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
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
}
