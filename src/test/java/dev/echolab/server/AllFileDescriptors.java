package dev.echolab.server;

import static dev.echolab.server.TestClients.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes every free file descriptor of this process until closed, so that a server's next {@code accept()} fails
 * the way it does in production when the process runs out of them (EMFILE). Hold it briefly: while it is held,
 * nothing else in the JVM can open a file or a socket either.
 */
final class AllFileDescriptors implements AutoCloseable {

    private static final Path DEV_NULL = Path.of("/dev/null");

    private final List<FileChannel> held = new ArrayList<>();

    private AllFileDescriptors() {}

    static AllFileDescriptors take() throws IOException {
        AllFileDescriptors all = new AllFileDescriptors();
        while (true) {
            try {
                all.held.add(FileChannel.open(DEV_NULL));
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                    return all;
                }
                all.close();
                throw e;
            }
        }
    }

    /**
     * A client connects while the server has no descriptor left: its {@code accept()} fails (EMFILE), backs off
     * (5, 10, 20, 40 ms... not thousands of retries), and serves that client once descriptors are free again.
     * The server must be running and must not have accepted anyone yet.
     */
    static void assertAcceptBacksOffThenServesTheWaitingClient(EchoServer server) throws IOException {
        try (SocketChannel client = SocketChannel.open()) { // its descriptor is taken before they run out
            try (AllFileDescriptors taken = AllFileDescriptors.take()) {
                // The kernel completes the handshake; the server's accept() finds no descriptor left (EMFILE).
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.stats().rejected(RejectReason.ACCEPT_ERROR) >= 4);
                // 5, 10, 20, 40 ms pauses so far: a loop that retried at once would be in the thousands by now
                assertThat(server.stats().rejected(RejectReason.ACCEPT_ERROR)).isLessThan(20);
            }
            Socket socket = client.socket();
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("after EMFILE".getBytes(StandardCharsets.US_ASCII));
            assertThat(readExactly(socket.getInputStream(), 12))
                    .isEqualTo("after EMFILE".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(server.stats().accepted()).isEqualTo(1);
    }

    int count() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : held) {
            channel.close();
        }
        held.clear();
    }
}
