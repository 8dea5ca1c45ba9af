package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoServer;
import dev.echolab.server.EchoServers;
import dev.echolab.server.EchoStats;
import dev.echolab.server.IoModel;
import dev.echolab.server.ServerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/stress} over real HTTP against the app's own servers.
 *
 * <p>Over 300 lines: one endpoint behaviour per test, sharing one app and its HTTP helpers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "echo.api.password=" + StressControllerIntegrationTests.PASSWORD,
            "echo.stress.max-connections=1000"
        })
@AutoConfigureRestTestClient
@Timeout(60)
class StressControllerIntegrationTests {

    static final String PASSWORD = "test-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIRST = IoModel.values()[0].id();
    private static final String SECOND = IoModel.values()[1].id();
    /** A server outside the registry, reachable only because the test lists it in echo.stress.allowed-targets. */
    private static EchoServer outside;

    @Autowired
    RestTestClient client;

    @Autowired
    EchoServers servers;

    @Autowired
    StressRuns runs;

    @DynamicPropertySource
    static void allowOneTarget(DynamicPropertyRegistry registry) throws IOException {
        outside = IoModel.THREAD_PER_CONNECTION.create(ServerSettings.loopback(), new EchoStats());
        outside.start();
        registry.add("echo.stress.allowed-targets", StressControllerIntegrationTests::outsideTarget);
    }

    static String outsideTarget() {
        return "127.0.0.1:" + outside.port();
    }

    @AfterAll
    static void stopOutside() {
        outside.stop();
    }

    @AfterEach
    void noRunLeftGoing() {
        runs.list(new RunQuery(null, null, 0, 100)).runs().stream()
                .filter(r -> !r.finished())
                .forEach(r -> runs.cancel(r.id()));
    }

    @Test
    void aRunLoadsEachModelInTurnAndReportsThemSideBySide() {
        EntityExchangeResult<String> started = post(shortRun("\"models\":[\"" + FIRST + "\",\"" + SECOND + "\"]"));

        assertThat(started.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode run = json(started);
        String id = run.get("id").asString();
        assertThat(started.getResponseHeaders().getLocation()).hasToString("/api/stress/" + id);
        assertThat(run.get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(run.get("request").get("connections").asInt()).isEqualTo(10);
        assertThat(run.get("request").get("pipeline").asInt())
                .as("defaults filled in")
                .isEqualTo(1);

        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        JsonNode results = done.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("model").asString()).isEqualTo(FIRST);
        assertThat(results.get(1).get("model").asString()).isEqualTo(SECOND);
        for (JsonNode result : results) {
            assertThat(result.get("integrity").get("verified").asBoolean()).isTrue();
            assertThat(result.get("messages").get("echoed").asLong()).isPositive();
            assertThat(result.get("bytes").get("echoed").asLong())
                    .isEqualTo(result.get("bytes").get("sent").asLong());
            assertThat(result.get("latencyMicros").get("p99").asDouble())
                    .isLessThanOrEqualTo(result.get("latencyMicros").get("max").asDouble());
            assertThat(result.get("cost").get("serverCpuSeconds").asDouble()).isPositive();
            assertThat(result.get("client").get("cpuMicrosPerMessage").asDouble())
                    .isPositive();
            assertThat(result.has("clientBound")).isTrue();
        }

        String markdown =
                get("/api/stress/" + id, MediaType.valueOf("text/markdown")).getResponseBody();
        assertThat(markdown)
                .contains("| model | status |")
                .contains("| " + FIRST + " | SUCCEEDED |")
                .contains("| " + SECOND + " | SUCCEEDED |");
        String csv = get("/api/stress/" + id, MediaType.valueOf("text/csv")).getResponseBody();
        assertThat(csv.split("\r\n"))
                .as("a header and two records, each ended by CRLF")
                .hasSize(3);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("model,status,connectionsEstablished,");
        assertThat(csv).contains("\r\n" + FIRST + ",SUCCEEDED,10,");

        JsonNode list = json(get("/api/stress", MediaType.APPLICATION_JSON));
        assertThat(list.get(0).get("id").asString()).as("newest first").isEqualTo(id);

        String prometheus = get("/actuator/prometheus", MediaType.TEXT_PLAIN).getResponseBody();
        assertThat(prometheus)
                .containsPattern("echo_stress_messages_total\\{[^}]*model=\"" + FIRST + "\"[^}]*} [1-9]")
                .containsPattern("echo_stress_latency_seconds_bucket\\{[^}]*model=\"" + FIRST
                        + "\"[^}]*target=\"local\"[^}]*} [1-9]")
                .contains("echo_stress_errors_total{")
                .contains("echo_stress_connections_active{");
    }

    @Test
    void eventsStreamTheLiveRunUntilItEnds() {
        String id = json(post("{\"models\":[\"" + SECOND + "\"],\"connections\":10,\"durationSeconds\":1.5,"
                        + "\"warmupSeconds\":0}"))
                .get("id")
                .asString();

        String stream = get("/api/stress/" + id + "/events", MediaType.TEXT_EVENT_STREAM)
                .getResponseBody();

        List<JsonNode> events = stream.lines()
                .filter(l -> l.startsWith("data:"))
                .map(l -> JSON.readTree(l.substring(5)))
                .toList();
        assertThat(events.size()).as(stream).isGreaterThanOrEqualTo(2);
        // An event sent before the run's first tick has live: null; the ones during the run name the model.
        assertThat(events)
                .filteredOn(e -> e.path("live").isObject())
                .anySatisfy(
                        e -> assertThat(e.get("live").get("model").asString()).isEqualTo(SECOND));
        JsonNode last = events.getLast();
        assertThat(last.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(last.get("results")).hasSize(1);
    }

    @Test
    void cancelStopsTheRunAndClosesEveryClientSocket() {
        String id = json(post("{\"models\":[\"" + SECOND + "\"],\"connections\":50,\"durationSeconds\":30,"
                        + "\"warmupSeconds\":0}"))
                .get("id")
                .asString();
        IoModel model = IoModel.byId(SECOND).orElseThrow();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.find(id)
                        .map(StressRun::live)
                        .map(live -> live.activeConnections() == 50)
                        .orElse(false));

        EntityExchangeResult<String> cancelled = client.delete()
                .uri("/api/stress/" + id)
                .headers(h -> h.setBasicAuth("admin", PASSWORD))
                .exchange()
                .returnResult(String.class);

        assertThat(cancelled.getStatus()).isEqualTo(HttpStatus.OK);
        // DELETE waits for the run to end, at most 2 s: the status proves it ended in time
        assertThat(json(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(json(cancelled).get("results").get(0).get("status").asString())
                .isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(5)).until(() -> servers.stats(model).active() == 0);
    }

    @Test
    void aSecondRunWhileOneIsGoingIsAConflict() {
        String id = json(post("{\"models\":[\"" + SECOND + "\"],\"connections\":5,\"durationSeconds\":30}"))
                .get("id")
                .asString();

        EntityExchangeResult<String> second = post(shortRun("\"models\":[\"" + FIRST + "\"]"));

        assertThat(second.getStatus()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(second).get("detail").asString()).contains(id);
    }

    @Test
    void aFreeTargetIsForbiddenUnlessAllowed() {
        EntityExchangeResult<String> refused = post(shortRun("\"targets\":[\"127.0.0.1:9\"]"));

        assertThat(refused.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(refused).get("detail").asString()).contains("echo.stress.allowed-targets");
    }

    @Test
    void anAllowedTargetIsLoadedWithoutServerCost() {
        String id = json(post(shortRun("\"targets\":[\"" + outsideTarget() + "\"]")))
                .get("id")
                .asString();

        JsonNode result = awaitFinished(id).get("results").get(0);

        assertThat(result.get("model").asString()).isEqualTo(outsideTarget());
        assertThat(result.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(result.get("cost").get("serverCpuSeconds").isNull()).isTrue();
    }

    @Test
    void anAllowedTargetMayNameItsModel() {
        String target = "{\"address\":\"" + outsideTarget() + "\",\"model\":\"thread-per-connection\"}";
        String id =
                json(post(shortRun("\"targets\":[" + target + "]"))).get("id").asString();

        JsonNode run = awaitFinished(id);

        JsonNode result = run.get("results").get(0);
        assertThat(result.get("model").asString()).isEqualTo("thread-per-connection");
        assertThat(result.get("target").asString()).isEqualTo(outsideTarget());
        assertThat(result.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("request").get("targets").get(0).get("model").asString())
                .isEqualTo("thread-per-connection");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"connections\":1001                          | connections",
                "\"connections\":0                             | connections",
                "\"payloadBytes\":2000000                      | payloadBytes",
                "\"pipeline\":1025                             | pipeline",
                "\"ratePerSecond\":1000001                     | ratePerSecond",
                "\"durationSeconds\":601                       | durationSeconds",
                "\"durationSeconds\":-1                        | durationSeconds",
                "\"warmupSeconds\":-1                          | warmupSeconds",
                "\"responseTimeoutMs\":0                       | responseTimeoutMs",
                "\"durationSeconds\":5,\"messagesPerConnection\":9 | messagesPerConnection",
                "\"ratePerSecond\":100,\"pipeline\":4          | pipeline",
                "\"idleConnections\":-1                      | idleConnections",
                "\"idleConnections\":20001                   | idleConnections",
                "\"threads\":0                               | threads",
                "\"targets\":[{\"address\":\"127.0.0.1:9\",\"model\":\"Bad Name\"}] | targets[0].model"
            })
    void aValueOutsideTheLimitsIsABadRequestNamingTheField(String fields, String field) {
        EntityExchangeResult<String> response = post("{\"models\":[\"" + FIRST + "\"]," + fields + "}");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = json(response);
        assertThat(problem.get("detail").asString()).contains(field);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void aModelNamedTwiceIsABadRequestNamingIt() {
        EntityExchangeResult<String> response =
                post(shortRun("\"models\":[\"" + FIRST + "\",\"" + SECOND + "\",\"" + FIRST + "\"]"));

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = json(response).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("models");
        assertThat(error.get("message").asString()).contains("'" + FIRST + "'");
        assertThat(runs.list(new RunQuery(null, null, 0, 100)).runs()).allMatch(StressRun::finished);
    }

    @Test
    void aTargetThatIsNotHostAndPortIsABadRequestNamingIt() {
        EntityExchangeResult<String> response = post(shortRun("\"targets\":[\"" + outsideTarget() + "\",\"h:0\"]"));

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = json(response).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("targets[1].address");
        assertThat(error.get("message").asString()).contains("host:port");
    }

    @Test
    void aRequestWithoutModelsIsABadRequestNamingModels() {
        EntityExchangeResult<String> response = post("{}");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("models");
    }

    @Test
    void anUnknownModelIsNotFound() {
        EntityExchangeResult<String> response = post(shortRun("\"models\":[\"no-such-model\"]"));

        assertThat(response.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(response).get("detail").asString())
                .contains("no-such-model")
                .contains(FIRST);
    }

    @Test
    void aStoppedModelIsAConflict() throws Exception {
        IoModel model = IoModel.byId(FIRST).orElseThrow();
        servers.stop(model);
        try {
            EntityExchangeResult<String> response = post(shortRun("\"models\":[\"" + FIRST + "\"]"));

            assertThat(response.getStatus()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(json(response).get("detail").asString()).contains(FIRST).contains("stopped");
        } finally {
            servers.start(model, null);
        }
    }

    @Test
    void startingARunNeedsCredentials() {
        EntityExchangeResult<String> response = client.post()
                .uri("/api/stress")
                .contentType(MediaType.APPLICATION_JSON)
                .body(shortRun("\"models\":[\"" + FIRST + "\"]"))
                .exchange()
                .returnResult(String.class);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(runs.list(new RunQuery(null, null, 0, 100)).runs()).noneMatch(r -> !r.finished());
    }

    @Test
    void anUnknownRunIsNotFoundAndAnUnfinishedOneHasNoTableYet() {
        assertThat(get("/api/stress/nope", MediaType.APPLICATION_JSON).getStatus())
                .isEqualTo(HttpStatus.NOT_FOUND);
        String id = json(post("{\"models\":[\"" + SECOND + "\"],\"connections\":5,\"durationSeconds\":30}"))
                .get("id")
                .asString();

        EntityExchangeResult<String> table = get("/api/stress/" + id, MediaType.valueOf("text/markdown"));

        assertThat(table.getStatus()).isEqualTo(HttpStatus.CONFLICT);
    }

    /** A short profile: 10 connections for half a second, no warm-up, plus the given fields. */
    private static String shortRun(String fields) {
        return "{" + fields + ",\"connections\":10,\"durationSeconds\":0.5,\"warmupSeconds\":0,"
                + "\"responseTimeoutMs\":5000}";
    }

    private EntityExchangeResult<String> post(String json) {
        return client.post()
                .uri("/api/stress")
                .headers(h -> h.setBasicAuth("admin", PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .exchange()
                .returnResult(String.class);
    }

    private EntityExchangeResult<String> get(String path, MediaType accept) {
        return client.get().uri(path).accept(accept).exchange().returnResult(String.class);
    }

    private JsonNode awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> runs.find(id).map(StressRun::finished).orElse(false));
        return json(get("/api/stress/" + id, MediaType.APPLICATION_JSON));
    }

    private static JsonNode json(EntityExchangeResult<String> response) {
        return JSON.readTree(response.getResponseBody());
    }
}
