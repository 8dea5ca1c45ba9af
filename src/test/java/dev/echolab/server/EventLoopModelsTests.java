package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.randomBytes;
import static dev.echolab.server.TestClients.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the event-loop models ({@code non-blocking}, {@code multiplexing}, {@code multi-reactor}, and
 * {@code greenlet}, whose hub is one) promise beyond the conformance suite: partial writes finished later without
 * spinning, no CPU when idle, thousands of connections on a handful of threads. CPU is the thread CPU time of the
 * server's own platform threads (for {@code greenlet}, its hub: a coroutine that spun would keep the hub parked in
 * its switch, and the loop-pass counts show it), so these checks do not depend on how busy the machine is.
 */
@Timeout(60)
class EventLoopModelsTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EchoServer server;
    private ServerThreads threads;

    static Stream<IoModel> eventLoopModels() {
        return Stream.of(IoModel.NON_BLOCKING, IoModel.MULTIPLEXING, IoModel.MULTI_REACTOR, IoModel.GREENLET);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest
    @MethodSource("eventLoopModels")
    void anIdleServerUsesUnderFivePercentOfACore(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        Thread.sleep(200); // let start-up work settle
        double share = threads.coreShareDuring(() -> Thread.sleep(2_000));
        System.out.printf("%s idle: %.2f%% of a core over 2 s (%d threads)%n", model.id(), 100 * share,
                threads.count());
        assertThat(share).as("%s idle CPU, fraction of one core", model.id()).isLessThan(0.05);
    }

    @ParameterizedTest
    @MethodSource("eventLoopModels")
    void a32MiBStreamToAPausingReaderArrivesIntactAndThePauseCostsNoCpu(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        byte[] sent = randomBytes(32 * 1024 * 1024, 21);
        EchoStats stats = server.stats();
        try (Socket client = new Socket(); ExecutorService writer = Executors.newSingleThreadExecutor()) {
            client.setReceiveBufferSize(8 * 1024); // the server's writes go partial as soon as the reader stops
            client.setSoTimeout(20_000);
            client.connect(new InetSocketAddress(LOOPBACK, server.port()), 5_000);
            Future<?> writing = writer.submit(() -> {
                OutputStream out = client.getOutputStream();
                for (int at = 0; at < sent.length; at += 64 * 1024) {
                    out.write(sent, at, Math.min(64 * 1024, sent.length - at));
                }
                return null;
            });
            InputStream in = client.getInputStream();
            int at = readAndCompare(in, sent, 0, 4 * 1024 * 1024);

            // Paused: the kernel buffers fill, the server's writes return 0, its queue fills and it stops reading.
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.bytesReceived() - stats.bytesSent() > 0);
            double share = threads.coreShareDuring(() -> Thread.sleep(1_000));
            long held = stats.bytesReceived() - stats.bytesSent();
            System.out.printf("%s paused reader: %.2f%% of a core, %d bytes held%n", model.id(), 100 * share, held);
            assertThat(held).as("bytes read but not yet echoed").isBetween(1L, (long) settings.bufferBytes());
            assertThat(share).as("%s CPU while the reader pauses, fraction of one core", model.id())
                    .isLessThan(0.20);

            readAndCompare(in, sent, at, sent.length);
            writing.get();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.active() == 0);
        assertThat(stats.bytesSent()).isEqualTo(sent.length);
        assertThat(stats.errors()).isZero();
    }

    @ParameterizedTest
    @MethodSource("eventLoopModels")
    void twoThousandConcurrentConnectionsEachEchoTheirOwnMessages(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        int connections = 2_000;
        int clientThreads = 4;
        int rounds = 10;
        long began = System.nanoTime();
        List<Socket> sockets = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(clientThreads)) {
            for (int c = 0; c < connections; c++) {
                sockets.add(connect(server.port()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().active() == connections);
            List<Future<?>> runs = new ArrayList<>();
            int slice = connections / clientThreads;
            for (int t = 0; t < clientThreads; t++) {
                List<Socket> mine = sockets.subList(t * slice, (t + 1) * slice);
                int first = t * slice;
                runs.add(clients.submit(() -> pingPongRounds(mine, first, rounds)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        System.out.printf("%s: %d connections x %d messages in %d ms%n", model.id(), connections, rounds,
                (System.nanoTime() - began) / 1_000_000);
        EchoStats stats = server.stats();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.active() == 0);
        assertThat(stats.accepted()).isEqualTo(connections);
        assertThat(stats.bytesSent()).isEqualTo(stats.bytesReceived()).isPositive();
        assertThat(stats.errors()).isZero();
    }

    @ParameterizedTest
    @MethodSource("eventLoopModels")
    void aPeerThatResetsWhileAWriteIsPendingIsClosedAndNothingSpins(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        EchoStats stats = server.stats();
        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024);
            client.connect(new InetSocketAddress(LOOPBACK, server.port()));
            client.configureBlocking(false);
            // Send without reading until the server holds a full queue: its writes are pending, OP_WRITE is on.
            ByteBuffer chunk = ByteBuffer.wrap(randomBytes(64 * 1024, 22));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stats.bytesReceived() - stats.bytesSent() < settings.bufferBytes()
                    && System.nanoTime() < deadline) {
                if (client.write(chunk.clear()) == 0) {
                    Thread.sleep(5);
                }
            }
            assertThat(stats.bytesReceived() - stats.bytesSent()).as("bytes pending in the server")
                    .isEqualTo(settings.bufferBytes());
            client.setOption(StandardSocketOptions.SO_LINGER, 0); // close() sends RST
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.active() == 0);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.errors(ErrorKind.RESET)).isEqualTo(1);

        long passesBefore = stats.loopIterations();
        double share = threads.coreShareDuring(() -> Thread.sleep(1_000));
        long passes = stats.loopIterations() - passesBefore;
        System.out.printf("%s after the reset: %.2f%% of a core, %d loop passes in 1 s%n", model.id(), 100 * share,
                passes);
        assertThat(share).as("%s CPU after the reset, fraction of one core", model.id()).isLessThan(0.20);
        if (model != IoModel.NON_BLOCKING) {
            // A selector loop wakes only for the idle sweep (every 100 ms here): a cancelled key left ready would
            // make select() return at once, thousands of times a second.
            assertThat(passes).as("selects in 1 s").isLessThan(200);
        }
    }

    // --- helpers ---

    private void start(IoModel model, ServerSettings settings) throws IOException {
        server = model.create(settings, new EchoStats());
        threads = ServerThreads.start(server);
        assertThat(threads.count()).isPositive();
    }

    /** Every round: one message to each socket, then its echo from each; all sockets stay open throughout. */
    private static Void pingPongRounds(List<Socket> sockets, int firstId, int rounds) throws IOException {
        for (int r = 0; r < rounds; r++) {
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                byte[] message = ("connection " + (firstId + i) + " round " + r + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                sockets.get(i).getOutputStream().write(message);
                messages.add(message);
            }
            for (int i = 0; i < sockets.size(); i++) {
                byte[] expected = messages.get(i);
                assertThat(readExactly(sockets.get(i).getInputStream(), expected.length)).isEqualTo(expected);
            }
        }
        return null;
    }

    /** Reads {@code sent[from..to)} and checks every byte at its position; returns {@code to}. */
    private static int readAndCompare(InputStream in, byte[] sent, int from, int to) throws IOException {
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
}
