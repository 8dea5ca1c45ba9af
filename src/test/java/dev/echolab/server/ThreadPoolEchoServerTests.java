package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only {@code thread-pool} does: with P threads busy, client P+1 waits until one of them leaves. */
@Timeout(30)
class ThreadPoolEchoServerTests {

    private static final int POOL = 3;

    private final EchoServer server =
            IoModel.THREAD_POOL.create(ServerSettings.loopback().withThreads(POOL), new EchoStats());

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void clientBeyondThePoolStarvesUntilAThreadIsFree() throws Exception {
        server.start();
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                Socket holder = connect(server.port());
                send(holder, "hold");
                assertThat(readExactly(holder.getInputStream(), 4)).isEqualTo(bytes("hold"));
                holders.add(holder);
            }
            try (Socket starved = connect(server.port())) {
                send(starved, "me too");
                starved.setSoTimeout(500);
                assertThatThrownBy(() -> starved.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                // accepted and counted, just not served: it waits in the pool's queue, not in the backlog
                assertThat(server.stats().accepted()).isEqualTo(POOL + 1);

                holders.get(0).close();
                starved.setSoTimeout(5_000);
                assertThat(readExactly(starved.getInputStream(), 6)).isEqualTo(bytes("me too"));
            }
        } finally {
            for (Socket holder : holders) {
                holder.close();
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
