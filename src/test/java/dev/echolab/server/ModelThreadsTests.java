package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread registry: each one counts the threads it made, and only those, so that two in one JVM (two Spring
 * contexts, a test beside an app) never count each other's.
 */
@Timeout(30)
class ModelThreadsTests {

    @Test
    void twoRegistriesNeverCountEachOthersThreads() throws Exception {
        ModelThreads mine = new ModelThreads();
        ModelThreads other = new ModelThreads();
        EchoServer server = IoModel.MULTIPLEXING.create(ServerSettings.loopback(), new EchoStats(), mine);
        EchoServer same = IoModel.MULTIPLEXING.create(ServerSettings.loopback(), new EchoStats(), other);
        server.start();
        try {
            try (Socket client = connect(server.port())) {
                echoOnce(client, "counted by mine only");
            }
            assertThat(mine.sample().get(IoModel.MULTIPLEXING).platformThreads())
                    .isEqualTo(1);
            assertThat(other.sample().get(IoModel.MULTIPLEXING).platformThreads())
                    .isZero();
            assertThat(other.sample().get(IoModel.MULTIPLEXING).cpuNanos()).isZero();

            same.start(); // the same model, the same thread names, another registry
            assertThat(mine.sample().get(IoModel.MULTIPLEXING).platformThreads())
                    .isEqualTo(1);
            assertThat(other.sample().get(IoModel.MULTIPLEXING).platformThreads())
                    .isEqualTo(1);
        } finally {
            server.stop();
            same.stop();
        }
        assertThat(mine.sample().get(IoModel.MULTIPLEXING).platformThreads()).isZero();
    }

    @Test
    void aThreadThatEndsLeavesTheCountAndKeepsItsCpuTimeInTheModels() throws Exception {
        ModelThreads threads = new ModelThreads();
        Thread spinner = threads.platform(IoModel.THREAD_POOL, "test").newThread(() -> {
            long until = System.nanoTime() + Duration.ofMillis(50).toNanos();
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait(); // CPU time for the thread to credit as it ends
            }
        });
        assertThat(spinner.getName()).isEqualTo("echo-thread-pool-test-1");
        spinner.start();
        spinner.join(10_000);

        ModelUsage.Usage usage = threads.sample().get(IoModel.THREAD_POOL);
        assertThat(usage.platformThreads()).isZero();
        assertThat(usage.cpuNanos()).isGreaterThan(Duration.ofMillis(5).toNanos());
        assertThat(threads.sample().get(IoModel.BLOCKING).cpuNanos()).isZero();
    }

    @Test
    void virtualThreadsAreCountedWhileTheyRun() throws Exception {
        ModelThreads threads = new ModelThreads();
        ThreadFactory virtual = threads.virtual(IoModel.VIRTUAL_THREADS, "conn");
        CountDownLatch release = new CountDownLatch(1);
        Thread running = virtual.newThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.isVirtual()).isTrue();
        assertThat(running.getName()).isEqualTo("echo-virtual-threads-conn-1");
        running.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.virtualThreads(IoModel.VIRTUAL_THREADS) == 1);
        assertThat(threads.sample().get(IoModel.VIRTUAL_THREADS).threads()).isEqualTo(1);
        release.countDown();
        running.join(10_000);
        assertThat(threads.virtualThreads(IoModel.VIRTUAL_THREADS)).isZero();
    }
}
