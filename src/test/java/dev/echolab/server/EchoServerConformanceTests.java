package dev.echolab.server;

import static dev.echolab.server.TestClients.assertClosedByServer;
import static dev.echolab.server.TestClients.assertEchoedAtEveryPosition;
import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static dev.echolab.server.TestClients.randomBytes;
import static dev.echolab.server.TestClients.readExactly;
import static dev.echolab.server.TestClients.writeInRandomChunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import dev.echolab.server.IoModel.ClientsAtOnce;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link IoModel} honours, checked over real sockets on an ephemeral port. A new model is
 * tested here the moment its constant exists.
 *
 * <p>Over 300 lines: one contract, 21 checks of it (slow readers, non-readers, resets, half-closes, many
 * connections, stop and restart), each a few lines run against every model; they read best as one list.
 */
@Timeout(60)
class EchoServerConformanceTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /**
     * How long a probe echo may take beside a flooding client, and a stop take to close the listener, for every
     * model: what {@code multiplexing}, which reads each ready connection once per select, meets with room for a
     * busy machine (a few ms on a quiet one; under 100 ms with a load average of 30 on 2 cores).
     */
    private static final Duration BESIDE_A_FLOOD = Duration.ofMillis(250);

    /**
     * A server that reads at most 2 KiB at a time, so that a flooding client is faster than it on any machine, however
     * busy: its socket is then always ready, which is when a model that serves a ready connection for as long as it
     * stays ready never lets go of it.
     */
    private static final ServerSettings SLOW_READER = ServerSettings.loopback().withBufferBytes(2 * 1024);

    /** How long the probe echoes beside a flooding client, one echo after another. */
    private static final Duration PROBING = Duration.ofSeconds(2);

    private EchoServer server;
    private final ModelThreads threads = new ModelThreads();

    /** Every model this machine can run; the others are checked by {@link #aModelThisMachineCannotRunSaysWhy}. */
    static Stream<IoModel> models() {
        return Arrays.stream(IoModel.values()).filter(m -> m.unavailability().isEmpty());
    }

    /** Every model that serves more than one client at once; one that serves {@code ONE} does so by design. */
    static Stream<IoModel> concurrentModels() {
        return models().filter(m -> m.clientsAtOnce() != ClientsAtOnce.ONE);
    }

    /** Models that serve every client at once; one with a {@code POOL} starves beyond it by design. */
    static Stream<IoModel> manyAtOnceModels() {
        return models().filter(m -> m.clientsAtOnce() == ClientsAtOnce.ALL);
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
        try (Socket client = connect(server.port());
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
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
        try (Socket client = new Socket();
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
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
        // a model that serves one client at a time by design has its clients take turns
        int parallel = model.clientsAtOnce() == ClientsAtOnce.ONE ? 1 : clients;
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                runs.add(pool.submit(() -> {
                    try (Socket client = connect(server.port())) {
                        for (int m = 0; m < 100; m++) {
                            byte[] message =
                                    ("client " + id + " message " + m + "\n").getBytes(StandardCharsets.US_ASCII);
                            client.getOutputStream().write(message);
                            assertThat(readExactly(client.getInputStream(), message.length))
                                    .isEqualTo(message);
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
        try (Socket client = connect(server.port());
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
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
                    .as("port %d is free right after stop()", port)
                    .doesNotThrowAnyException();
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
        try (Socket first = connect(server.port());
                Socket second = connect(server.port())) {
            echoOnce(first, "one");
            echoOnce(second, "two");
            try (Socket third = connect(server.port())) {
                assertClosedByServer(third);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().rejected(RejectReason.OVER_LIMIT) == 1);
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
        server = model.create(settings, new EchoStats(), threads);
        server.start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isPositive();
        assertThat(server.model()).isEqualTo(model);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aTakenPortFailsTheStartAndLeavesNothingRunning(IoModel model) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            server = model.create(ServerSettings.loopback().withPort(taken.getLocalPort()), new EchoStats(), threads);
            assertThatThrownBy(server::start).isInstanceOf(IOException.class);
            assertThat(server.isRunning()).isFalse();
            assertThat(server.port()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> threads.platformThreads(model).isEmpty() && server.virtualThreads() == 0);
    }

    @ParameterizedTest
    @MethodSource("manyAtOnceModels")
    void twoThousandConnectionsEchoAtOnce(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        try (ManyConnections clients = ManyConnections.open(server.port(), 2_000)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.stats().active() == 2_000);
            for (int round = 0; round < 3; round++) {
                clients.echoRound(round, Duration.ofSeconds(30));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().accepted()).isEqualTo(2_000);
        assertThat(server.stats().errors()).isZero();
    }

    /**
     * Every model but one that serves one client at a time: Linux reserves a blocking {@code accept()}'s descriptor
     * before it waits, and such a model calls {@code accept()} again only after closing its one client, which frees a
     * descriptor; so it cannot meet EMFILE here. Its accept loop is {@link BlockingListener}'s, run here by three
     * other models.
     */
    @ParameterizedTest
    @MethodSource("concurrentModels")
    void aFailedAcceptBacksOffThenTheWaitingClientIsServed(IoModel model) throws Exception {
        start(model, ServerSettings.loopback());
        AllFileDescriptors.assertAcceptBacksOffThenServesTheWaitingClient(server);
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyThreadTheServerStartsIsNamedAfterTheModelAndEndsWithStop(IoModel model) throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        start(model, ServerSettings.loopback());
        try (Socket client = connect(server.port())) {
            echoOnce(client, "one client, so that a model with a thread per client starts one");
            Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            // Platform threads only: getAllStackTraces() leaves virtual threads out (they are named too). The JDK's
            // own scheduler threads for virtual threads start with the first one in the JVM, and are not the model's.
            String carriers = ModelThreads.CarrierThreads.namePrefix();
            assertThat(started)
                    .extracting(Thread::getName)
                    .filteredOn(name -> !name.startsWith(carriers)
                            && !name.startsWith("VirtualThread-")
                            && !name.endsWith("-Poller"))
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith(model.threadPrefix()), "starts with " + model.threadPrefix());
            server.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(Thread::isAlive));
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void anIdleTimeoutOfZeroNeverClosesAConnection(IoModel model) throws Exception {
        start(model, ServerSettings.loopback().withIdleTimeout(Duration.ZERO));
        try (Socket client = connect(server.port())) {
            echoOnce(client, "and now silence");
            // Silence for a while: a model that read 0 as "at once" closes within a millisecond or two.
            await().during(Duration.ofMillis(700))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().active() == 1 && server.stats().errors() == 0);
            echoOnce(client, "still open");
        }
        assertThat(server.stats().errors()).isZero();
    }

    @Test
    void aNegativeIdleTimeoutIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ServerSettings.loopback().withIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("echo.idle-timeout");
    }

    @ParameterizedTest
    @MethodSource("models")
    void aClientThatSendsAndNeverReadsIsClosedAfterTheIdleTimeoutAndTheNextIsServed(IoModel model) throws Exception {
        start(model, ServerSettings.loopback().withIdleTimeout(Duration.ofMillis(500)));
        try (Socket greedy = new Socket();
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
            greedy.setReceiveBufferSize(4 * 1024);
            greedy.connect(new InetSocketAddress(LOOPBACK, server.port()), 5_000);
            // Writes until the server, its echo unread, stops taking more; then it must give up on this client.
            Future<?> writing = writer.submit(() -> {
                byte[] chunk = randomBytes(64 * 1024, 40);
                for (int i = 0; i < 1024; i++) { // 64 MiB at most: far beyond every buffer on the path
                    greedy.getOutputStream().write(chunk);
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> server.stats().errors(ErrorKind.IDLE_TIMEOUT) == 1
                            && server.stats().active() == 0);
            assertThatThrownBy(() -> writing.get(15, TimeUnit.SECONDS))
                    .as("the server closed the connection under the writer")
                    .isInstanceOf(ExecutionException.class);
        }
        try (Socket next = connect(server.port())) {
            echoOnce(next, "my turn");
        }
        assertThat(server.stats().errors()).isEqualTo(1);
    }

    /**
     * A client that floods the server (writes as fast as it can, reads everything back) costs the others nothing
     * but their share: a probe beside it is answered, echo after echo, within {@link #BESIDE_A_FLOOD}, the bound
     * {@code multiplexing} meets. A model that lets one connection keep its thread or loop for as long as it is
     * ready leaves the probe waiting until the flood pauses: a few echoes in the whole window, each taking seconds.
     * The 99th percentile is checked, so that the few slow moments a shared machine gives any model do not decide.
     */
    @ParameterizedTest
    @MethodSource("concurrentModels")
    void aProbeBesideAFloodingClientIsAnsweredWithinTheBound(IoModel model) throws Exception {
        start(model, SLOW_READER);
        List<Long> micros = new ArrayList<>();
        long flooded;
        try (BulkClient bulk = BulkClient.flood(server.port());
                Socket probe = connect(server.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> bulk.echoed() > 4 * 1024 * 1024);
            probe.setSoTimeout((int) PROBING.toMillis());
            long probingEnds = System.nanoTime() + PROBING.toNanos();
            for (int i = 0; i < 2_000 && System.nanoTime() - probingEnds < 0; i++) {
                long began = System.nanoTime();
                try {
                    echoOnce(probe, "probe " + i);
                } catch (SocketTimeoutException starved) {
                    micros.add(PROBING.toNanos() / 1_000); // no answer in the whole window: that is its figure
                    break;
                }
                micros.add((System.nanoTime() - began) / 1_000);
            }
            flooded = bulk.echoed();
        }
        List<Long> sorted = micros.stream().sorted().toList();
        long p99 = sorted.get(sorted.size() * 99 / 100);
        System.out.printf(
                "%s probe beside a flooding client: %d echoes in %d s, median %.2f ms, p99 %.1f ms, slowest %.1f ms"
                        + " (%d MiB flooded)%n",
                model.id(),
                sorted.size(),
                PROBING.toSeconds(),
                sorted.get(sorted.size() / 2) / 1e3,
                p99 / 1e3,
                sorted.getLast() / 1e3,
                flooded >> 20);
        assertThat(Duration.ofNanos(p99 * 1_000))
                .as("%s: 99th percentile of %d probe echoes beside a flooding client", model.id(), sorted.size())
                .isLessThanOrEqualTo(BESIDE_A_FLOOD);
    }

    /**
     * Stop under a flood: the listener closes first, at once (a new client is refused within {@link
     * #BESIDE_A_FLOOD} while the flooding clients drain), then the flood is cut at the end of the grace, and the
     * port is free as {@code stop()} returns.
     */
    @ParameterizedTest
    @MethodSource("models")
    void stopUnderAFloodClosesTheListenerAtOnceThenEveryClientAndFreesThePort(IoModel model) throws Exception {
        ServerSettings settings = SLOW_READER.withShutdownGrace(Duration.ofSeconds(2));
        start(model, settings);
        int port = server.port();
        List<BulkClient> flood = new ArrayList<>();
        try (ExecutorService stopper = Executors.newSingleThreadExecutor()) {
            for (int i = 0; i < 3; i++) {
                flood.add(BulkClient.flood(port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> flood.getFirst().echoed() > 4 * 1024 * 1024);
            long begun = System.nanoTime();
            Future<?> stopping = stopper.submit(server::stop);
            Duration refusedAfter = firstRefusedConnect(port, Duration.ofSeconds(5));
            System.out.printf(
                    "%s stop under a flood: new clients refused after %.1f ms%n",
                    model.id(), refusedAfter.toNanos() / 1e6);
            assertThat(refusedAfter)
                    .as("%s: listener closed after stop() began", model.id())
                    .isLessThanOrEqualTo(BESIDE_A_FLOOD);
            stopping.get(settings.shutdownGrace().plusSeconds(5).toSeconds(), TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - begun))
                    .isLessThan(settings.shutdownGrace().plusSeconds(3));
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.setReuseAddress(true);
                assertThatCode(() -> rebind.bind(new InetSocketAddress(LOOPBACK, port)))
                        .as("port %d is free right after stop() under a flood", port)
                        .doesNotThrowAnyException();
            }
            assertThat(server.stats().active()).isZero();
        } finally {
            for (BulkClient client : flood) {
                client.close();
            }
        }
    }

    /**
     * A thread the model cannot start, whatever the reason (a host out of tasks, {@code pids.max} or {@code ulimit -u},
     * while a pool grows or a thread per client starts: {@code OutOfMemoryError: unable to create native thread}),
     * costs the one client it was for: refused and counted ({@code no-thread}), and the next client is served. A model
     * that starts no thread for a client serves it on the threads it has. The failure comes from the model's thread
     * registry, through which every thread of a model is made.
     */
    @ParameterizedTest
    @MethodSource("models")
    void aClientForWhomNoThreadCanBeStartedIsRefusedAndCountedAndTheNextIsServed(IoModel model) throws Exception {
        AtomicBoolean failNext = new AtomicBoolean();
        ModelThreads failing = new ModelThreads(factory -> task -> {
            if (failNext.getAndSet(false)) {
                throw new OutOfMemoryError(
                        "unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            return factory.newThread(task);
        });
        server = model.create(ServerSettings.loopback(), new EchoStats(), failing);
        server.start();
        failNext.set(true);
        try (Socket first = connect(server.port())) {
            byte[] hello = "a thread for me?".getBytes(StandardCharsets.US_ASCII);
            first.getOutputStream().write(hello);
            first.setSoTimeout(8_000);
            byte[] back;
            try {
                back = first.getInputStream().readNBytes(hello.length);
            } catch (SocketException reset) {
                back = new byte[0];
            }
            if (back.length == 0) { // closed by the server: it asked for a thread and got none
                await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().rejected(RejectReason.NO_THREAD) == 1);
                assertThat(failNext)
                        .as("the failure was the model's own thread")
                        .isFalse();
            } else {
                assertThat(back).as("served on the threads it had").isEqualTo(hello);
                assertThat(server.stats().rejected(RejectReason.NO_THREAD)).isZero();
            }
        }
        failNext.set(false);
        assertThat(server.isRunning()).isTrue();
        try (Socket next = connect(server.port())) {
            echoOnce(next, "the next client is served");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().errors()).isZero();
        System.out.printf(
                "%s, no thread for a client: %d refused as no-thread%n",
                model.id(), server.stats().rejected(RejectReason.NO_THREAD));
    }

    @Test
    void aModelThisMachineCannotRunSaysWhy() {
        for (IoModel model : IoModel.values()) {
            model.unavailability()
                    .ifPresent(reason -> assertThat(reason).as(model.id()).isNotBlank());
        }
        assertThat(models()).as("models tested here").isNotEmpty();
    }

    /** How long after now a connect to the port is first refused, trying every 5 ms; fails after {@code within}. */
    private static Duration firstRefusedConnect(int port, Duration within) throws InterruptedException {
        long began = System.nanoTime();
        while (System.nanoTime() - began < within.toNanos()) {
            try (Socket ignored = connect(LOOPBACK, port)) {
                Thread.sleep(5); // still listening
            } catch (IOException refused) {
                return Duration.ofNanos(System.nanoTime() - began);
            }
        }
        throw new AssertionError("port " + port + " still accepted connections " + within + " after stop() began");
    }
}
