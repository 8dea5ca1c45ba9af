package dev.echolab.server;

import static dev.echolab.server.TestClients.assertClosedByServer;
import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only {@code greenlet} has to prove beyond the conformance suite: one platform thread, a coroutine per
 * client that ends with it, and the coroutines' running time charged to the model.
 */
@Timeout(60)
class GreenletEchoServerTests {

    private final ModelThreads threads = new ModelThreads();
    private final GreenletEchoServer server =
            (GreenletEchoServer) IoModel.GREENLET.create(ServerSettings.loopback(), new EchoStats(), threads);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void oneHubThreadAndOneCoroutinePerClientWhichEndsWithItsClientOrTheServer() throws Exception {
        server.start();
        assertThat(threads.platformThreads(IoModel.GREENLET))
                .extracting(Thread::getName)
                .containsExactly("echo-greenlet-hub");
        try (ManyConnections clients = ManyConnections.open(server.port(), 200)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.virtualThreads() == 200);
            clients.echoRound(0, Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.virtualThreads() == 0);

        try (ManyConnections clients = ManyConnections.open(server.port(), 50)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.virtualThreads() == 50);
            server.stop(); // ends the coroutines of clients that are still connected
            assertThat(server.virtualThreads()).isZero();
        }
        assertThat(threads.platformThreads(IoModel.GREENLET)).isEmpty();
    }

    /**
     * The hub is a {@link Reactor}, so it rebuilds its selector after repeated empty selects as the other selector
     * loops do; a coroutine that waits on its socket then waits on the key of the new selector.
     */
    @Test
    void aRebuiltSelectorKeepsEveryCoroutineWaitingOnItsSocket() throws Exception {
        server.start();
        try (Socket before = connect(server.port())) {
            echoOnce(before, "before the rebuild");
            CompletableFuture<Void> rebuilt = new CompletableFuture<>();
            server.hub().execute(() -> {
                try {
                    server.hub().rebuildSelector();
                    rebuilt.complete(null);
                } catch (IOException e) {
                    rebuilt.completeExceptionally(new UncheckedIOException(e));
                }
            });
            rebuilt.get(5, TimeUnit.SECONDS);
            echoOnce(before, "after the rebuild");
            echoOnce(before, "and its next wait, on the new key");
            try (Socket after = connect(server.port())) {
                echoOnce(after, "a new client");
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().errors()).isZero();
    }

    /**
     * A coroutine that dies, whatever of (here an Error from its echo loop), must not leave its connection behind:
     * still registered, its socket ready for ever, it would keep the hub switching to a dead coroutine, and hold its
     * slot under the connection limit.
     */
    @Test
    void aCoroutineThatDiesClosesItsConnectionAndFreesItsSlot() throws Exception {
        AtomicBoolean dieNext = new AtomicBoolean(true);
        EchoStats stats = new EchoStats();
        GreenletEchoServer dying = new GreenletEchoServer(
                new ServerContext(
                        IoModel.GREENLET, ServerSettings.loopback().withMaxConnections(1), stats, new ModelThreads()),
                body -> dieNext.getAndSet(false)
                        ? self -> {
                            throw new StackOverflowError("the test's coroutine dies");
                        }
                        : body);
        dying.start();
        try {
            try (Socket first = connect(dying.port())) {
                first.getOutputStream().write("its coroutine dies".getBytes(StandardCharsets.US_ASCII));
                assertClosedByServer(first);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.active() == 0);
            assertThat(stats.errors()).as("the death, counted once").isEqualTo(1);
            long passesBefore = stats.loopIterations();
            Thread.sleep(1_000);
            assertThat(stats.loopIterations() - passesBefore)
                    .as("hub passes in 1 s: it only wakes to sweep, not to switch to a dead coroutine")
                    .isLessThan(100);
            try (Socket next = connect(dying.port())) {
                echoOnce(next, "the slot under the limit of 1 is free again");
            }
        } finally {
            dying.stop();
        }
    }

    /**
     * The coroutines run on the hub's thread (the tests open java.lang, as the jar does): greenlet's CPU time is that
     * thread's, echoes included, and nothing is borrowed from the JDK's carriers, whose time stays virtual-threads'.
     */
    @Test
    void theCoroutinesRunOnTheHubThreadWhoseCpuTimeIsAllGreenlets() throws Exception {
        server.start();
        Thread hubThread = threads.platformThreads(IoModel.GREENLET).iterator().next();
        long heldBefore = threads.carrierTimeSpentBy(IoModel.GREENLET).sum();
        long chargedBefore = threads.sample().get(IoModel.GREENLET).cpuNanos();
        long hubBefore = cpuNanos(hubThread);
        try (ManyConnections clients = ManyConnections.open(server.port(), 200)) {
            for (int round = 0; round < 50; round++) {
                clients.echoRound(round, Duration.ofSeconds(30));
            }
        }
        // Not compared with each other: the two are read at different moments, and the hub runs in between.
        long charged = threads.sample().get(IoModel.GREENLET).cpuNanos() - chargedBefore;
        long hub = cpuNanos(hubThread) - hubBefore;
        assertThat(threads.carrierTimeSpentBy(IoModel.GREENLET).sum() - heldBefore)
                .as("nanoseconds borrowed from the JDK's carriers")
                .isZero();
        assertThat(hub).as("the hub thread's CPU time, echoes included").isPositive();
        assertThat(charged).as("greenlet's CPU: its hub thread's").isPositive();
    }

    private static long cpuNanos(Thread thread) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId());
    }
}
