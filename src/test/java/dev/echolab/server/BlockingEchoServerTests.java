package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only {@code blocking} does: a second client is served only after the first leaves. */
@Timeout(30)
class BlockingEchoServerTests {

    private final EchoServer server = IoModel.BLOCKING.create(ServerSettings.loopback(), new EchoStats());

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSecondClientWaitsInTheBacklogUntilTheFirstLeaves() throws Exception {
        server.start();
        try (Socket first = connect(server.port());
                Socket second = connect(server.port())) {
            send(first, "first");
            assertThat(readExactly(first.getInputStream(), 5)).isEqualTo(bytes("first"));

            send(second, "second"); // the kernel completed the handshake, but nobody reads it yet
            second.setSoTimeout(500);
            assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.stats().accepted()).isEqualTo(1);

            first.close();
            second.setSoTimeout(5_000);
            assertThat(readExactly(second.getInputStream(), 6)).isEqualTo(bytes("second"));
            assertThat(server.stats().accepted()).isEqualTo(2);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
