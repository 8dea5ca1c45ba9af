package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static dev.echolab.server.TestClients.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link IoModel} honours, checked over real sockets on an ephemeral port. A new model is
 * tested here the moment its constant exists.
 */
@Timeout(60)
class EchoServerConformanceTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EchoServer server;

    static Stream<IoModel> models() {
        return Arrays.stream(IoModel.values());
    }

    /** Every model that serves clients at once; {@code blocking} serves one at a time by design. */
    static Stream<IoModel> concurrentModels() {
        return models().filter(m -> m != IoModel.BLOCKING);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aShortMessageComesBack(IoModel model) throws IOException {
        start(model, ServerSettings.loopback());
        try (Socket client = connect(server.port())) {
            byte[] hello = "hello, echo\n".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(hello);
            assertThat(readExactly(client.getInputStream(), hello.length)).isEqualTo(hello);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aMebibyteOfRandomBytesInRandomChunksComesBackIdentical(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        byte[] sent = randomBytes(1024 * 1024, 1);
        try (Socket client = connect(server.port()); ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<?> writing = writer.submit(() -> writeInRandomChunks(client, sent, 64 * 1024, new Random(2)));
            assertEchoedAtEveryPosition(client.getInputStream(), sent);
            writing.get();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aSlowReaderGetsEveryByteAndTheServerBufferStaysBounded(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        byte[] sent = randomBytes(16 * 1024 * 1024, 3);
        EchoStats stats = server.stats();
        AtomicLong mostHeld = new AtomicLong();
        try (Socket client = new Socket(); ExecutorService writer = Executors.newSingleThreadExecutor()) {
            client.setReceiveBufferSize(4 * 1024);
            client.setSoTimeout(20_000);
            client.connect(new InetSocketAddress(LOOPBACK, server.port()), 5_000);
            Future<?> writing = writer.submit(() -> writeInRandomChunks(client, sent, 64 * 1024, new Random(4)));
            InputStream in = client.getInputStream();
            byte[] chunk = new byte[4 * 1024];
            int at = 0;
            int reads = 0;
            while (at < sent.length) {
                int n = in.read(chunk, 0, Math.min(chunk.length, sent.length - at));
                assertThat(n).as("EOF after %d of %d bytes", at, sent.length).isPositive();
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != sent[at + i]) {
                        throw new AssertionError("byte " + (at + i) + " differs");
                    }
                }
                at += n;
                mostHeld.accumulateAndGet(stats.bytesReceived() - stats.bytesSent(), Math::max);
                if (++reads % 64 == 0) {
                    Thread.sleep(1); // slower than the writer: the server must stop reading, not buffer
                }
            }
            writing.get();
        }
        // Read but not yet written back, inside the server: a bounded model holds about one buffer.
        assertThat(mostHeld.get()).isLessThanOrEqualTo(4L * settings.bufferBytes());
    }

    @ParameterizedTest
    @MethodSource("models")
    void aHundredClientsEachGetTheirOwnHundredMessages(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        int clients = 100;
        // blocking serves one client at a time by design, so its clients take turns
        int parallel = model == IoModel.BLOCKING ? 1 : clients;
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                runs.add(pool.submit(() -> {
                    try (Socket client = connect(server.port())) {
                        for (int m = 0; m < 100; m++) {
                            byte[] message = ("client " + id + " message " + m + "\n").getBytes(StandardCharsets.US_ASCII);
                            client.getOutputStream().write(message);
                            assertThat(readExactly(client.getInputStream(), message.length)).isEqualTo(message);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void afterAHalfCloseEveryByteComesBackThenEof(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        byte[] sent = randomBytes(200 * 1024, 5);
        try (Socket client = connect(server.port()); ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<?> writing = writer.submit(() -> {
                client.getOutputStream().write(sent);
                client.shutdownOutput();
                return null;
            });
            assertEchoedAtEveryPosition(client.getInputStream(), sent);
            writing.get();
            assertThat(client.getInputStream().read()).as("EOF after the echo").isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aResettingClientCostsOneCountedErrorAndTheNextClientIsServed(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        try (Socket rude = connect(server.port())) {
            rude.getOutputStream().write(randomBytes(1024, 6));
            readExactly(rude.getInputStream(), 1024);
            rude.getOutputStream().write(randomBytes(32 * 1024, 7));
            rude.setSoLinger(true, 0); // close() now sends RST instead of FIN
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().errors() >= 1);
        try (Socket polite = connect(server.port())) {
            polite.getOutputStream().write("still there?".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readExactly(polite.getInputStream(), 12), StandardCharsets.US_ASCII))
                    .isEqualTo("still there?");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().errors()).isEqualTo(1);
        assertThat(server.stats().errors(ErrorKind.RESET)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("models")
    void stopClosesClientsWithinTheGraceFreesThePortAndIsIdempotent(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        server.start(); // idempotent: still the same listener
        int port = server.port();
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(connect(server.port()));
            }
            echoOnce(clients.get(0), "before stop");
            long begun = System.nanoTime();
            server.stop();
            for (Socket client : clients) {
                assertClosedByServer(client);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - begun))
                    .isLessThan(settings.shutdownGrace().plusSeconds(3));
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        assertThat(server.isRunning()).isFalse();
        assertThat(server.port()).isEqualTo(-1);
        server.stop(); // idempotent
        try (ServerSocket rebind = new ServerSocket()) {
            rebind.setReuseAddress(true);
            assertThatCode(() -> rebind.bind(new InetSocketAddress(LOOPBACK, port)))
                    .as("port %d is free right after stop()", port).doesNotThrowAnyException();
        }
        server.start();
        try (Socket client = connect(server.port())) {
            echoOnce(client, "after restart");
        }
        assertThat(server.stats().active()).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("models")
    void statsCountConnectionsAndExactlyTheBytesClientsSent(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        int clients = 5;
        int bytesEach = 10_000;
        for (int c = 0; c < clients; c++) {
            try (Socket client = connect(server.port())) {
                byte[] sent = randomBytes(bytesEach, 10 + c);
                client.getOutputStream().write(sent);
                assertThat(readExactly(client.getInputStream(), bytesEach)).isEqualTo(sent);
            }
        }
        EchoStats stats = server.stats();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.active() == 0);
        assertThat(stats.accepted()).isEqualTo(clients);
        assertThat(stats.bytesReceived()).isEqualTo((long) clients * bytesEach);
        assertThat(stats.bytesSent()).isEqualTo((long) clients * bytesEach);
        assertThat(stats.errors()).isZero();
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void aConnectionOverTheLimitIsRefusedPromptlyAndCounted(IoModel model) throws Exception {
        start(model, ServerSettings.loopback().withMaxConnections(2));
        try (Socket first = connect(server.port()); Socket second = connect(server.port())) {
            echoOnce(first, "one");
            echoOnce(second, "two");
            try (Socket third = connect(server.port())) {
                assertClosedByServer(third);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().rejected(RejectReason.OVER_LIMIT) == 1);
            echoOnce(first, "one again");
            echoOnce(second, "two again");
        }
        assertThat(server.stats().accepted()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aSilentClientIsClosedAfterTheIdleTimeout(IoModel model) throws Exception {
        start(model, ServerSettings.loopback().withIdleTimeout(Duration.ofMillis(300)));
        try (Socket client = connect(server.port())) {
            echoOnce(client, "then silence");
            assertClosedByServer(client);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().errors(ErrorKind.IDLE_TIMEOUT) == 1);
        assertThat(server.stats().errors()).isEqualTo(1);
    }

    // --- helpers ---

    private void start(IoModel model, ServerSettings settings) throws IOException {
        server = model.create(settings, new EchoStats());
        server.start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isPositive();
        assertThat(server.model()).isEqualTo(model);
    }

    /** The server ended the connection: EOF or a reset, well before the client's own 10 s read timeout. */
    private static void assertClosedByServer(Socket client) throws IOException {
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
        byte[] chunk = new byte[16 * 1024];
        int at = 0;
        while (at < sent.length) {
            int n = in.read(chunk, 0, Math.min(chunk.length, sent.length - at));
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
    }

    private static Void writeInRandomChunks(Socket client, byte[] data, int maxChunk, Random random)
            throws IOException {
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
