package dev.echolab.server;

import static dev.echolab.server.TestClients.randomBytes;
import static dev.echolab.server.TestClients.readAndCompare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.IoModel.Serving;
import dev.echolab.server.IoModel.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the event loops written here (on the JDK's channels) promise beyond the conformance suite: partial writes
 * finished later without spinning, no CPU when idle, thousands of connections on a handful of threads. CPU is the
 * model's as its thread registry counts it (its own threads' CPU time; for coroutines, their hub's plus the carrier
 * time they ran), so these checks do not depend on how busy the machine is.
 */
@Timeout(60)
class EventLoopModelsTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EchoServer server;
    private ModelThreads threads;

    /** The event loops written here, on the JDK's channels; Netty's own are tested by Netty. */
    static Stream<IoModel> eventLoopModels() {
        return Arrays.stream(IoModel.values())
                .filter(m -> m.serving() == Serving.EVENT_LOOP && m.transport() == Transport.JDK);
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
        double share = coreShareDuring(model, () -> Thread.sleep(2_000));
        System.out.printf(
                "%s idle: %.2f%% of a core over 2 s (%d threads)%n",
                model.id(), 100 * share, threads.platformThreads(model).size());
        assertThat(share).as("%s idle CPU, fraction of one core", model.id()).isLessThan(0.05);
    }

    @ParameterizedTest
    @MethodSource("eventLoopModels")
    void a32MiBStreamToAPausingReaderArrivesIntactAndThePauseCostsNoCpu(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        byte[] sent = randomBytes(32 * 1024 * 1024, 21);
        EchoStats stats = server.stats();
        try (Socket client = new Socket();
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
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
            double share = coreShareDuring(model, () -> Thread.sleep(1_000));
            long held = stats.bytesReceived() - stats.bytesSent();
            System.out.printf("%s paused reader: %.2f%% of a core, %d bytes held%n", model.id(), 100 * share, held);
            assertThat(held).as("bytes read but not yet echoed").isBetween(1L, (long) settings.bufferBytes());
            assertThat(share)
                    .as("%s CPU while the reader pauses, fraction of one core", model.id())
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
    void aPeerThatResetsWhileAWriteIsPendingIsClosedAndNothingSpins(IoModel model) throws Exception {
        ServerSettings settings = ServerSettings.loopback();
        start(model, settings);
        EchoStats stats = server.stats();
        long idlePassesBefore = stats.loopIterations();
        Thread.sleep(1_000);
        long idlePasses = stats.loopIterations() - idlePassesBefore;
        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024);
            client.connect(new InetSocketAddress(LOOPBACK, server.port()));
            client.configureBlocking(false);
            // Send without reading until the server holds a full queue: its writes are pending, OP_WRITE is on.
            ByteBuffer chunk = ByteBuffer.wrap(randomBytes(64 * 1024, 22));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stats.bytesReceived() - stats.bytesSent() < settings.bufferBytes() && System.nanoTime() < deadline) {
                if (client.write(chunk.clear()) == 0) {
                    Thread.sleep(5);
                }
            }
            assertThat(stats.bytesReceived() - stats.bytesSent())
                    .as("bytes pending in the server")
                    .isEqualTo(settings.bufferBytes());
            client.setOption(StandardSocketOptions.SO_LINGER, 0); // close() sends RST
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.active() == 0);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.errors(ErrorKind.RESET)).isEqualTo(1);

        long passesBefore = stats.loopIterations();
        double share = coreShareDuring(model, () -> Thread.sleep(1_000));
        long passes = stats.loopIterations() - passesBefore;
        System.out.printf(
                "%s after the reset: %.2f%% of a core, %d loop passes in 1 s (%d before any client)%n",
                model.id(), 100 * share, passes, idlePasses);
        assertThat(share)
                .as("%s CPU after the reset, fraction of one core", model.id())
                .isLessThan(0.20);
        // Back to idle: a selector loop wakes only for the idle sweep, a polling one as often as its back-off lets it.
        // A cancelled key left ready would make select() return at once, thousands of times a second.
        assertThat(passes).as("loop passes in 1 s after the reset").isLessThan(10 * idlePasses + 200);
    }

    // --- helpers ---

    private void start(IoModel model, ServerSettings settings) throws IOException {
        threads = new ModelThreads();
        server = model.create(settings, new EchoStats(), threads);
        server.start();
        assertThat(threads.platformThreads(model)).isNotEmpty();
    }

    /** The model's CPU time while {@code during} runs, as a fraction of one core. */
    private double coreShareDuring(IoModel model, Interruptible during) throws InterruptedException {
        long cpuBefore = threads.sample().get(model).cpuNanos();
        long wallBefore = System.nanoTime();
        during.run();
        return (double) (threads.sample().get(model).cpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore);
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws InterruptedException;
    }
}
