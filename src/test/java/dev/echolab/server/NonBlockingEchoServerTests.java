package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only {@code non-blocking} does: it polls. With nothing to do it backs off to about one pass per
 * millisecond; with {@code spin} it polls flat out, as the note's loop does.
 */
@Timeout(30)
class NonBlockingEchoServerTests {

    private EchoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anIdleLoopBacksOffToAboutOnePassPerMillisecond() throws Exception {
        long passes = idlePassesInOneSecond(false);
        // Each empty pass after the first ~110 parks for at least 1 ms: a slower machine only lowers this.
        assertThat(passes).isLessThan(2_000);
        assertThat(server.stats().loopIdle()).isPositive();
    }

    @Test
    void withSpinTheLoopNeverBacksOff() throws Exception {
        long passes = idlePassesInOneSecond(true);
        // Flat out, one empty pass costs a few microseconds; even a thread that gets a few percent of a core
        // makes far more passes than the 2,000 the backed-off loop cannot exceed.
        assertThat(passes).isGreaterThan(5_000);
    }

    @Test
    void echoesOnOneThreadNamedAfterTheModel() throws Exception {
        ModelThreads threads = new ModelThreads();
        server = IoModel.NON_BLOCKING.create(ServerSettings.loopback(), new EchoStats(), threads);
        server.start();
        assertThat(threads.platformThreads(IoModel.NON_BLOCKING))
                .extracting(Thread::getName)
                .containsExactly("echo-non-blocking-loop");
        try (Socket a = connect(server.port());
                Socket b = connect(server.port())) {
            echoOnce(a, "first");
            echoOnce(b, "second");
            echoOnce(a, "first again");
        }
        server.stop();
        assertThat(threads.platformThreads(IoModel.NON_BLOCKING)).isEmpty();
    }

    private long idlePassesInOneSecond(boolean spin) throws Exception {
        server = IoModel.NON_BLOCKING.create(ServerSettings.loopback().withSpin(spin), new EchoStats());
        server.start();
        Thread.sleep(100);
        long before = server.stats().loopIterations();
        Thread.sleep(1_000);
        long passes = server.stats().loopIterations() - before;
        System.out.printf("non-blocking, spin=%s: %d idle passes in 1 s%n", spin, passes);
        return passes;
    }
}
