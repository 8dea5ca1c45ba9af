package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry: what reads it must never wait for. */
@Timeout(60)
class EchoServersTests {

    private final EchoServers servers = new EchoServers(
            model -> ServerSettings.loopback().withShutdownGrace(Duration.ofSeconds(30)), model -> false);

    @AfterEach
    void stopAll() {
        servers.stopAll();
    }

    @Test
    void statusDoesNotWaitForAStopThatIsDraining() throws Exception {
        servers.start(IoModel.MULTIPLEXING, 0);
        int port = servers.status(IoModel.MULTIPLEXING).port();
        // Threads of their own: the common pool may have a single thread on a small machine.
        try (Socket client = connect(port);
                ExecutorService stopper = Executors.newSingleThreadExecutor();
                ExecutorService reader = Executors.newSingleThreadExecutor()) {
            echoOnce(client, "keeps the drain going for its whole 30 s grace");
            Future<EchoServers.Status> stopping = stopper.submit(() -> servers.stop(IoModel.MULTIPLEXING));
            await().atMost(Duration.ofSeconds(10)).until(() -> servers.running(IoModel.MULTIPLEXING) == null);

            EchoServers.Status during =
                    reader.submit(() -> servers.status(IoModel.MULTIPLEXING)).get(10, TimeUnit.SECONDS);

            assertThat(stopping).as("the stop is still draining").isNotDone();
            assertThat(during.state()).isEqualTo(EchoServers.State.STOPPED);
            client.close(); // the drain ends with the last connection
            assertThat(stopping.get(20, TimeUnit.SECONDS).state()).isEqualTo(EchoServers.State.STOPPED);
        }
    }
}
