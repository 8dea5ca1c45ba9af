package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.IoModel.Transport;
import io.netty.channel.IoHandlerFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.ErrorResponseException;

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
            Future<EchoServers.ServerStatus> stopping = stopper.submit(() -> servers.stop(IoModel.MULTIPLEXING));
            await().atMost(Duration.ofSeconds(10)).until(() -> servers.running(IoModel.MULTIPLEXING) == null);

            EchoServers.ServerStatus during =
                    reader.submit(() -> servers.status(IoModel.MULTIPLEXING)).get(10, TimeUnit.SECONDS);

            assertThat(stopping).as("the stop is still draining").isNotDone();
            assertThat(during.state()).isEqualTo(EchoServers.State.STOPPED);
            client.close(); // the drain ends with the last connection
            assertThat(stopping.get(20, TimeUnit.SECONDS).state()).isEqualTo(EchoServers.State.STOPPED);
        }
    }

    /**
     * A transport that loaded but fails as the server starts (the kernel refusing an io_uring ring: a
     * RuntimeException from Netty's event-loop constructor) is that model's failure, not the app's: the model is
     * FAILED with the reason, nothing of it is left running, and the app and every other model run. The failure is
     * injected where the transport sets up each event loop's IO.
     */
    @Test
    void aModelWhoseTransportFailsAtStartIsFailedWithTheReasonWhileTheOthersRun() throws Exception {
        IoModel broken = Arrays.stream(IoModel.values())
                .filter(m ->
                        m.transport() != Transport.JDK && m.unavailability().isEmpty())
                .findFirst()
                .orElseThrow();
        EchoServers booting = new EchoServers(
                model -> ServerSettings.loopback(),
                model -> model.unavailability().isEmpty(),
                new ModelThreads(),
                model -> model == broken
                        ? context -> new NettyEchoServer(context, transport -> RING_REFUSED)
                        : model.factory());
        try {
            booting.startEnabled(); // as the application starts: this threw, and the whole app failed

            EchoServers.ServerStatus failed = booting.status(broken);
            assertThat(failed.state()).isEqualTo(EchoServers.State.FAILED);
            assertThat(failed.lastError()).contains("failed to create io_uring ring fd: Cannot allocate memory");
            assertThat(booting.usage().now(broken).threads())
                    .as("threads left of the failed start")
                    .isZero();
            assertThat(EchoServersHealth.health(booting, broken).getStatus().getCode())
                    .isEqualTo("DOWN");
            for (IoModel other : booting.enabledAtBoot()) {
                if (other != broken) {
                    assertThat(booting.status(other).state()).as(other.id()).isEqualTo(EchoServers.State.RUNNING);
                }
            }
            try (Socket client =
                    connect(booting.status(booting.enabledAtBoot().getFirst()).port())) {
                echoOnce(client, "the others serve");
            }

            assertThatThrownBy(() -> new ServersController(booting).start(broken.id(), null))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(500);
                        assertThat(e.getBody().getType()).isEqualTo(ServerProblemType.START_FAILED.uri());
                        assertThat(e.getBody().getDetail())
                                .startsWith(broken.id() + " could not start: ")
                                .contains("Cannot allocate memory");
                    });
            assertThat(booting.status(broken).state()).isEqualTo(EchoServers.State.FAILED);
        } finally {
            booting.stopAll();
        }
    }

    /** What Netty's io_uring transport throws where the kernel will not give it a ring (memlock, ring limits). */
    private static final IoHandlerFactory RING_REFUSED = executor -> {
        throw new RuntimeException("failed to create io_uring ring fd: Cannot allocate memory");
    };
}
