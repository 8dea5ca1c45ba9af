package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only {@code multiplexing} does: one thread, one selector, which it can rebuild without losing anyone. */
@Timeout(30)
class MultiplexingEchoServerTests {

    private final ModelThreads threads = new ModelThreads();
    private final MultiplexingEchoServer server =
            (MultiplexingEchoServer) IoModel.MULTIPLEXING.create(ServerSettings.loopback(), new EchoStats(), threads);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aRebuiltSelectorKeepsTheListenerAndEveryConnection() throws Exception {
        server.start();
        try (Socket before = connect(server.port())) {
            echoOnce(before, "before the rebuild");
            // What the spin guard does after 512 early empty selects; the real epoll bug cannot be provoked.
            CompletableFuture<Void> rebuilt = new CompletableFuture<>();
            server.loop().execute(() -> {
                try {
                    server.loop().rebuildSelector();
                    rebuilt.complete(null);
                } catch (IOException e) {
                    rebuilt.completeExceptionally(new UncheckedIOException(e));
                }
            });
            rebuilt.get(5, TimeUnit.SECONDS);
            echoOnce(before, "after the rebuild");
            try (Socket after = connect(server.port())) {
                echoOnce(after, "a new client");
            }
        }
        assertThat(server.stats().errors()).isZero();
    }

    @Test
    void oneThreadNamedAfterTheModelEndedByStop() throws Exception {
        server.start();
        assertThat(threads.platformThreads(IoModel.MULTIPLEXING))
                .extracting(Thread::getName)
                .containsExactly("echo-multiplexing-loop");
        server.stop();
        assertThat(threads.platformThreads(IoModel.MULTIPLEXING)).isEmpty();
        assertThat(server.loop()).isNull();
    }
}
