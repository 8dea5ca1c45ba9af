package dev.echolab.server;

import static dev.echolab.server.TestClients.assertClosedByServer;
import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.RejectReason;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only {@code thread-per-connection} can meet: a host that will not give it one more thread. */
@Timeout(30)
class ThreadPerConnectionEchoServerTests {

    private EchoServer server;

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aClientWithNoThreadToBeHadIsRefusedAndCountedAndTheNextIsServed() throws Exception {
        ModelThreads threads = new ModelThreads();
        ThreadFactory real = threads.platform(IoModel.THREAD_PER_CONNECTION, "conn");
        AtomicBoolean failNext = new AtomicBoolean(true);
        // What Thread.start() throws where pids.max or ulimit -u is below the connections asked for.
        ThreadFactory failingOnce = task -> failNext.getAndSet(false)
                ? new Thread(task) {
                    @Override
                    public void start() {
                        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/"
                                + "resource limits reached");
                    }
                }
                : real.newThread(task);
        server = new ThreadPerConnectionEchoServer(
                new ServerContext(IoModel.THREAD_PER_CONNECTION, ServerSettings.loopback(), new EchoStats(), threads),
                failingOnce);
        server.start();

        try (Socket refused = connect(server.port())) {
            assertClosedByServer(refused);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().rejected(RejectReason.NO_THREAD) == 1);
        assertThat(server.isRunning()).isTrue();
        try (Socket next = connect(server.port())) {
            echoOnce(next, "the accept thread is still there");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().errors()).isZero();
    }
}
