package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.server.TestClients.echoOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only {@code multi-reactor} does: one acceptor, N IO reactors, connections spread over them. */
@Timeout(30)
class MultiReactorEchoServerTests {

    private static final int REACTORS = 4;

    private final ModelThreads threads = new ModelThreads();
    private final MultiReactorEchoServer server = (MultiReactorEchoServer)
            IoModel.MULTI_REACTOR.create(ServerSettings.loopback().withThreads(REACTORS), new EchoStats(), threads);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void connectionsSpreadOverTheReactorsAndLeaveThemWhenClosed() throws Exception {
        server.start();
        int connections = 400;
        int fairShare = connections / REACTORS;
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket client = connect(server.port());
                clients.add(client);
                if (i % 2 == 0) {
                    client.close(); // churn: the least-loaded choice must see closes too
                    clients.remove(client);
                }
            }
            for (int i = clients.size(); i < connections; i++) {
                clients.add(connect(server.port()));
            }
            for (Socket client : clients) {
                echoOnce(client, "where am I?");
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Arrays.stream(server.connectionsPerReactor()).sum() == connections);
            int[] perReactor = server.connectionsPerReactor();
            assertThat(perReactor).hasSize(REACTORS);
            for (int count : perReactor) {
                assertThat(count)
                        .as("connections on one reactor of %s", Arrays.toString(perReactor))
                        .isPositive()
                        .isLessThanOrEqualTo(2 * fairShare);
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Arrays.stream(server.connectionsPerReactor()).sum() == 0);
    }

    @Test
    void oneAcceptorAndOneThreadPerReactorNamedAfterTheModelAllEndedByStop() throws Exception {
        server.start();
        assertThat(threads.platformThreads(IoModel.MULTI_REACTOR))
                .extracting(Thread::getName)
                .containsExactlyInAnyOrder(
                        "echo-multi-reactor-accept",
                        "echo-multi-reactor-io-1",
                        "echo-multi-reactor-io-2",
                        "echo-multi-reactor-io-3",
                        "echo-multi-reactor-io-4");
        server.stop();
        assertThat(threads.platformThreads(IoModel.MULTI_REACTOR)).isEmpty();
        assertThat(server.connectionsPerReactor()).isEmpty();
    }
}
