package dev.echolab.server;

import static dev.echolab.server.TestClients.assertEchoedAtEveryPosition;
import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * What only {@code async} has to prove: with one operation outstanding per connection, a client that writes
 * without waiting never provokes a second read or write on the channel ({@code ReadPendingException},
 * {@code WritePendingException}), and thousands of connections share a few group threads.
 */
@Timeout(60)
class AsyncEchoServerTests {

    private final EchoServer server = IoModel.ASYNC.create(ServerSettings.loopback(), new EchoStats());
    /** Exceptions that escaped a completion handler, or anything logged that mentions a pending operation. */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void watchForEscapedExceptions() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        logged.start();
        rootLogger().addAppender(logged);
    }

    @AfterEach
    void stop() {
        server.stop();
        rootLogger().detachAppender(logged);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Test
    void aPipelinedClientGetsEveryMessageBackInOrder() throws Exception {
        server.start();
        Random random = new Random(21);
        byte[] stream = randomBytes(4 * 1024 * 1024, 22);
        try (Socket client = connect(server.port());
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
            // Thousands of small writes, none waiting for its echo: the server sees reads land while it writes.
            Future<Integer> writing = writer.submit(() -> {
                OutputStream out = client.getOutputStream();
                int messages = 0;
                for (int at = 0; at < stream.length; messages++) {
                    int n = Math.min(1 + random.nextInt(1500), stream.length - at);
                    out.write(stream, at, n);
                    at += n;
                }
                return messages;
            });
            assertEchoedAtEveryPosition(client.getInputStream(), stream);
            assertThat(writing.get()).isGreaterThan(1000);
        }
        assertNoPendingOperationErrors();
    }

    @Test
    void aThirtyTwoMebibyteStreamComesBackIntactThroughShortWrites() throws Exception {
        server.start();
        byte[] stream = randomBytes(32 * 1024 * 1024, 23);
        try (Socket client = new Socket();
                ExecutorService writer = Executors.newSingleThreadExecutor()) {
            client.setReceiveBufferSize(8 * 1024); // a small window: the server's writes come up short and resume
            client.setSoTimeout(20_000);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            Future<?> writing = writer.submit(() -> {
                client.getOutputStream().write(stream);
                return null;
            });
            assertEchoedAtEveryPosition(client.getInputStream(), stream);
            writing.get();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(server.stats().bytesSent()).isEqualTo(stream.length);
        assertNoPendingOperationErrors();
    }

    @Test
    void aFailedAcceptIsRetriedAfterABackOffThenTheClientIsServed() throws Exception {
        server.start();
        AllFileDescriptors.assertAcceptBacksOffThenServesTheWaitingClient(server);
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .as("the retry was scheduled on the timer, no group thread slept")
                .contains("echo-async-backoff-1");
    }

    private void assertNoPendingOperationErrors() {
        assertThat(uncaught).as("exceptions escaped from completion handlers").isEmpty();
        assertThat(logged.list)
                .map(e -> e.getFormattedMessage() + " " + e.getThrowableProxy())
                .noneMatch(line -> line.contains("PendingException"));
        assertThat(server.stats().errors()).isZero();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
