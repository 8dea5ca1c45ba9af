package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static dev.echolab.web.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.server.EchoServers.State;
import dev.echolab.web.RequestProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code /api/servers}: state and counters, start and stop over real HTTP, with real echo clients in between.
 *
 * <p>Over 300 lines: one endpoint behaviour per test, sharing one app and its echo clients.
 */
@EchoLabIntegrationTest
@Timeout(60)
class ServersApiIntegrationTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Autowired
    private RestTestClient http;

    @Test
    void listsEveryModelsServer() {
        List<ServerView> servers = http.get()
                .uri("/api/servers")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .returnResult(new ParameterizedTypeReference<List<ServerView>>() {})
                .getResponseBody();
        assertThat(servers)
                .extracting(ServerView::model)
                .containsExactlyElementsOf(
                        Arrays.stream(IoModel.values()).map(IoModel::id).toList());
        assertThat(servers).allSatisfy(s -> {
            assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
            assertThat(s.errors()).containsOnlyKeys("reset", "idle-timeout", "io");
            assertThat(s.connections().rejected()).containsOnlyKeys("over-limit", "accept-error", "no-thread");
        });
    }

    @Test
    void theNettyModelsShowTheTransportTheyRunOnAndTheOthersNone() {
        ServerView netty = http.get()
                .uri("/api/servers/netty")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ServerView.class)
                .returnResult()
                .getResponseBody();
        assertThat(netty.transport())
                .isIn("epoll", "nio")
                .isEqualTo(IoModel.NETTY.transportHere().orElseThrow());
        ServerView ioUring = http.get()
                .uri("/api/servers/io-uring")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ServerView.class)
                .returnResult()
                .getResponseBody();
        assertThat(ioUring.transport()).isEqualTo("io_uring");
        ServerView blocking = http.get()
                .uri("/api/servers/blocking")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ServerView.class)
                .returnResult()
                .getResponseBody();
        assertThat(blocking.transport()).isNull();
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void stopsAndStartsAgainAndEchoesInBetween(IoModel model) throws IOException {
        ServerView before = start(model);
        assertThat(before.state()).isEqualTo(State.RUNNING);
        assertEchoes(before.port(), "before the stop");

        ServerView stopped = stop(model);
        assertThat(stopped.state()).isEqualTo(State.STOPPED);
        assertThat(stopped.port()).isNull();
        assertThat(stopped.startedAt()).isNull();
        assertThatThrownBy(() -> connect(LOOPBACK, before.port()).close()).isInstanceOf(ConnectException.class);

        ServerView after = start(model);
        assertThat(after.state()).isEqualTo(State.RUNNING);
        assertThat(after.port()).isPositive();
        assertThat(after.startedAt()).isAfter(before.startedAt());
        assertThat(after.threads()).isPositive();
        String message = "after the restart";
        assertEchoes(after.port(), message);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ServerView now = server(model);
            assertThat(now.connections().accepted())
                    .isGreaterThanOrEqualTo(before.connections().accepted() + 2);
            assertThat(now.bytes().received())
                    .isGreaterThanOrEqualTo(before.bytes().received() + message.length());
            assertThat(now.bytes().sent()).isGreaterThanOrEqualTo(before.bytes().sent() + message.length());
            assertThat(now.connections().active()).isZero();
        });
        assertThat(server(model).cpuSeconds()).isPositive();
    }

    @Test
    void aSecondStartAndASecondStopChangeNothing() {
        IoModel model = IoModel.THREAD_POOL;
        ServerView first = start(model);
        ServerView second = start(model);
        assertThat(second.state()).isEqualTo(State.RUNNING);
        assertThat(second.port()).isEqualTo(first.port());
        assertThat(second.startedAt()).isEqualTo(first.startedAt());

        assertThat(stop(model).state()).isEqualTo(State.STOPPED);
        ServerView stoppedTwice = stop(model);
        assertThat(stoppedTwice.state()).isEqualTo(State.STOPPED);
        assertThat(stoppedTwice.lastError()).isNull();
        assertThat(server(model).state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aStartOnAPortHeldElsewhereIs409AndLeavesTheServerStoppedThenAFreePortWorks() throws IOException {
        IoModel model = IoModel.THREAD_POOL;
        stop(model);
        try (ServerSocket held = new ServerSocket(0, 1, LOOPBACK)) {
            int port = held.getLocalPort();
            expectProblem(
                            post("/api/servers/thread-pool/start", "{\"port\": " + port + "}"),
                            409,
                            "/api/servers/thread-pool/start")
                    .jsonPath("$.type")
                    .isEqualTo(ServerProblemType.CANNOT_BIND.uri().toString())
                    .jsonPath("$.port")
                    .isEqualTo(port)
                    .jsonPath("$.bindAddress")
                    .isEqualTo("127.0.0.1")
                    .jsonPath("$.reason")
                    .isNotEmpty()
                    .jsonPath("$.detail")
                    .value(String.class, d -> assertThat(d).contains(":" + port + ": "));

            ServerView after = server(model);
            assertThat(after.state()).isEqualTo(State.STOPPED);
            assertThat(after.port()).isNull();
            assertThat(after.lastError()).isNotEmpty();

            ServerView started = start(model, 0);
            assertThat(started.state()).isEqualTo(State.RUNNING);
            assertThat(started.port()).isPositive().isNotEqualTo(port);
            assertThat(started.lastError()).isNull();
            assertEchoes(started.port(), "on a free port");
        }
    }

    @Test
    void aStartWithAnotherPortWhileRunningIs409AndTheSamePortOrAnyPortIs200() throws IOException {
        IoModel model = IoModel.THREAD_POOL;
        int running = start(model).port();
        int other;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            other = probe.getLocalPort();
        }
        expectProblem(
                        post("/api/servers/thread-pool/start", "{\"port\": " + other + "}"),
                        409,
                        "/api/servers/thread-pool/start")
                .jsonPath("$.type")
                .isEqualTo(ServerProblemType.RUNNING_ELSEWHERE.uri().toString())
                .jsonPath("$.port")
                .isEqualTo(running);
        assertThat(start(model, running).port()).isEqualTo(running);
        assertThat(start(model, 0).port()).isEqualTo(running);
    }

    @Test
    void echoServersListenOnTheBindAddressOnly() throws IOException {
        ServerView server = start(IoModel.THREAD_POOL);
        assertThat(server.bindAddress()).isEqualTo("127.0.0.1");
        assertEchoes(server.port(), "on 127.0.0.1");
        // Linux routes all of 127/8 to lo: a server bound to 0.0.0.0 would answer on 127.0.0.2 too.
        InetAddress otherLoopback = InetAddress.getByName("127.0.0.2");
        assertThatThrownBy(() -> connect(otherLoopback, server.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void anUnknownModelIs404ForEveryCall() {
        expectProblem(http.get().uri("/api/servers/no-such-model").exchange(), 404, "/api/servers/no-such-model")
                .jsonPath("$.type")
                .isEqualTo(ServerProblemType.UNKNOWN_MODEL.uri().toString())
                .jsonPath("$.model")
                .isEqualTo("no-such-model")
                .jsonPath("$.knownModels[0]")
                .isEqualTo(IoModel.values()[0].id());
        expectProblem(post("/api/servers/no-such-model/start", null), 404, "/api/servers/no-such-model/start");
        expectProblem(post("/api/servers/no-such-model/stop", null), 404, "/api/servers/no-such-model/stop");
    }

    @Test
    void aPortOutOfRangeIs400NamingTheFieldAndTheRange() {
        for (int port : new int[] {-1, 65536}) {
            expectProblem(
                            post("/api/servers/thread-pool/start", "{\"port\": " + port + "}"),
                            400,
                            "/api/servers/thread-pool/start")
                    .jsonPath("$.type")
                    .isEqualTo(RequestProblemType.INVALID_REQUEST.uri().toString())
                    .jsonPath("$.detail")
                    .value(String.class, d -> assertThat(d).contains("port", "0 and 65535"))
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("port")
                    .jsonPath("$.errors[0].rejected")
                    .isEqualTo(port);
        }
    }

    @Test
    void aBodyThatIsNotJsonOrHasAWrongFieldIs400SayingWhere() {
        String path = "/api/servers/thread-pool/start";
        expectProblem(post(path, "{\"port\": "), 400, path)
                .jsonPath("$.type")
                .isEqualTo(RequestProblemType.MALFORMED_BODY.uri().toString())
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).contains("not valid JSON"));
        expectProblem(post(path, "{\"prot\": 7003}"), 400, path)
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).contains("'prot'"));
        expectProblem(post(path, "{\"port\": \"seven\"}"), 400, path)
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).contains("'port'"));
    }

    @Test
    void aBodyThatIsNotJsonAtAllIs415() {
        expectProblem(
                authorized(http.post().uri("/api/servers/thread-pool/start"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("port=7003")
                        .exchange(),
                415,
                "/api/servers/thread-pool/start");
    }

    @Test
    void theWrongMethodIs405() {
        expectProblem(
                http.get().uri("/api/servers/thread-pool/start").exchange(), 405, "/api/servers/thread-pool/start");
        expectProblem(
                authorized(http.method(org.springframework.http.HttpMethod.DELETE)
                                .uri("/api/servers"))
                        .exchange(),
                405,
                "/api/servers");
    }

    private ServerView start(IoModel model) {
        return ok(post("/api/servers/" + model.id() + "/start", null));
    }

    private ServerView start(IoModel model, int port) {
        return ok(post("/api/servers/" + model.id() + "/start", "{\"port\": " + port + "}"));
    }

    private ServerView stop(IoModel model) {
        return ok(post("/api/servers/" + model.id() + "/stop", null));
    }

    private ServerView server(IoModel model) {
        return ok(http.get().uri("/api/servers/" + model.id()).exchange());
    }

    private static ServerView ok(RestTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().returnResult(ServerView.class).getResponseBody();
    }

    private RestTestClient.ResponseSpec post(String path, String json) {
        RestTestClient.RequestBodySpec request = authorized(http.post().uri(path));
        return json == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }

    private static RestTestClient.RequestBodySpec authorized(RestTestClient.RequestBodySpec request) {
        return request.headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD));
    }

    private static void assertEchoes(int port, String message) throws IOException {
        byte[] sent = message.getBytes(StandardCharsets.US_ASCII);
        try (Socket client = connect(LOOPBACK, port)) {
            client.getOutputStream().write(sent);
            InputStream in = client.getInputStream();
            assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
        }
    }
}
