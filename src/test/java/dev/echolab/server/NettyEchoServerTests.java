package dev.echolab.server;

import static dev.echolab.server.TestClients.assertEchoedAtEveryPosition;
import static dev.echolab.server.TestClients.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code netty} has to prove beyond the suite: auto-read really stops for a client that does not read, its
 * threads are all the model's, and thousands of connections share a few event loops.
 */
@Timeout(60)
class NettyEchoServerTests {

    private static final Logger log = LoggerFactory.getLogger(NettyEchoServerTests.class);

    private final ServerSettings settings = ServerSettings.loopback();
    private final NettyEchoServer server = (NettyEchoServer) IoModel.NETTY.create(settings, new EchoStats());

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void showsTheTransportItRunsOn() {
        assertThat(server.transport().id())
                .isEqualTo(IoModel.NETTY.transportHere().orElseThrow())
                .isIn("epoll", "nio");
        assertThat(IoModel.IO_URING.transportHere()).hasValue("io_uring");
    }

    /** Both Linux architectures get the native transports; without aarch_64, arm64 hosts fall back to NIO. */
    @ParameterizedTest
    @ValueSource(strings = {"epoll_x86_64", "epoll_aarch_64", "io_uring42_x86_64", "io_uring42_aarch_64"})
    void shipsTheNativeLibraryFor(String transportAndArch) {
        assertThat(getClass()
                        .getClassLoader()
                        .getResource("META-INF/native/libnetty_transport_native_" + transportAndArch + ".so"))
                .isNotNull();
    }

    @Test
    void aClientThatDoesNotReadStopsTheServerReadingThenEverythingArrives() throws Exception {
        server.start();
        log.info("netty transport: {}", server.transport());
        EchoStats stats = server.stats();
        // More than the kernel buffers on both paths can hold, so the writer must stall.
        byte[] sent = randomBytes(32 * 1024 * 1024, 31);
        AtomicLong mostHeld = new AtomicLong();
        try (Socket client = new Socket();
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
            client.setSoTimeout(20_000);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            Future<?> writing = writer.submit(() -> {
                client.getOutputStream().write(sent);
                return null;
            });

            AtomicLong lastReceived = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long received = stats.bytesReceived();
                        mostHeld.accumulateAndGet(received - stats.bytesSent(), Math::max);
                        return received > 0 && received == lastReceived.getAndSet(received);
                    });
            log.info("stalled after {} bytes read, {} written back", stats.bytesReceived(), stats.bytesSent());
            assertThat(stats.bytesReceived()).as("the server stopped reading").isLessThan(sent.length);
            assertThat(writing).as("the client's writes are held back").isNotDone();

            assertEchoedAtEveryPosition(client.getInputStream(), sent);
            writing.get();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.active() == 0);
        assertThat(stats.bytesSent()).isEqualTo(sent.length);
        // Read but not yet written back, inside the server, while it was stalled: about the high-water mark.
        assertThat(mostHeld.get()).isLessThanOrEqualTo(4L * settings.bufferBytes());
        assertThat(stats.errors()).isZero();
    }
}
