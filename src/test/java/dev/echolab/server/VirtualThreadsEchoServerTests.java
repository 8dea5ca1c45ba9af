package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only {@code virtual-threads} has to prove: a virtual thread per connection, counted exactly, none of them
 * ever pinned to its carrier while it blocks (which would turn thousands of clients back into a few).
 */
@Timeout(60)
class VirtualThreadsEchoServerTests {

    private final EchoServer server = IoModel.VIRTUAL_THREADS.create(ServerSettings.loopback(), new EchoStats());

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aThousandConnectionsNeverPinACarrier(@TempDir Path dir) throws Exception {
        server.start();
        initializeTheJdkPoller();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            // Only this event: any event a virtual thread commits runs JFR code (and its class initialization) on the
            // very path being watched, and pins there the first time.
            recording
                    .enable("jdk.VirtualThreadPinned")
                    .withThreshold(Duration.ZERO)
                    .withStackTrace();
            recording.start();
            try (ManyConnections clients = ManyConnections.open(server.port(), 1_000)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> server.virtualThreads() == 1_000);
                for (int round = 0; round < 3; round++) {
                    clients.echoRound(round, Duration.ofSeconds(30));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.virtualThreads() == 0);
            // The control: a virtual thread that does pin, so a recording that cannot see pinning fails the test.
            Thread.ofVirtual()
                    .name("pinning-control")
                    .start(PinsWhileInitializing::touch)
                    .join();
            recording.stop();
            Path file = dir.resolve("virtual-threads.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        List<RecordedEvent> pinned = events.stream()
                .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .toList();
        assertThat(pinned).extracting(VirtualThreadsEchoServerTests::threadName).contains("pinning-control");
        assertThat(pinned)
                .filteredOn(e -> !threadName(e).equals("pinning-control"))
                .as("pinned virtual threads, with where they parked")
                .isEmpty();
    }

    @Test
    void virtualThreadsRiseWithConnectionsAndReturnToZero() throws Exception {
        server.start();
        assertThat(server.virtualThreads()).isZero();
        try (ManyConnections first = ManyConnections.open(server.port(), 10)) {
            first.echoRound(0, Duration.ofSeconds(10));
            assertThat(server.virtualThreads()).isEqualTo(10);
            try (ManyConnections more = ManyConnections.open(server.port(), 20)) {
                more.echoRound(0, Duration.ofSeconds(10));
                assertThat(server.virtualThreads()).isEqualTo(30);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.virtualThreads() == 10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.virtualThreads() == 0);
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("echo-virtual-threads-accept");
    }

    /**
     * The JDK initializes its socket poller the first time a virtual thread parks on a socket, and virtual threads
     * that park meanwhile wait for that class initialization pinned ("Waited for initialization of
     * sun.nio.ch.Poller by another thread"). That happens once per JVM and is the JDK's, not the model's.
     */
    private void initializeTheJdkPoller() throws Exception {
        Thread.ofVirtual()
                .name("poller-warm-up")
                .start(() -> {
                    try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                        idle.setSoTimeout(10);
                        idle.getInputStream().read(); // nothing comes: this virtual thread parks on the poller
                    } catch (IOException expected) {
                        // the timeout
                    }
                })
                .join();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.virtualThreads() == 0);
    }

    private static String threadName(RecordedEvent event) {
        return event.getThread() == null ? "" : String.valueOf(event.getThread().getJavaName());
    }

    /** Parks inside its class initializer: the JVM runs that under a native frame, which pins a virtual thread. */
    private static final class PinsWhileInitializing {
        static {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // initializing the class is the point
        }
    }
}
