package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoProperties;
import dev.echolab.server.EchoServers;
import dev.echolab.server.EchoServersConfig;
import dev.echolab.server.IoModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless runs against one echo server on loopback. First a run whose threshold breaks (exit 1, naming it); then
 * the scale-out proof: two {@code run} shards (0/2 and 1/2) with one {@code --start-at}, then {@code merge}: exactly
 * the sum of connections, messages and bytes, a p99 between the shards', and how far apart they started. Shard 0
 * also serves its metrics, which are scraped while it runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedRunIntegrationTests {

    /** Far enough ahead for two runs to start on a busy machine; a late shard fails the test. */
    private static final Duration START_AHEAD = Duration.ofSeconds(20);

    private final JsonMapper json = JsonMapper.builder().build();
    private EchoServers servers;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        EchoProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("echo.autostart", "false")))
                .bindOrCreate("echo", EchoProperties.class);
        servers = EchoServersConfig.servers(properties);
        servers.start(IoModel.MULTIPLEXING, 0);
    }

    @AfterEach
    void stopServer() {
        servers.stop(IoModel.MULTIPLEXING);
    }

    @Test
    @Order(1)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aBrokenThresholdExits1AndSaysWhichWithTheResultStillPrinted() throws IOException {
        String target = "127.0.0.1:" + servers.status(IoModel.MULTIPLEXING).port();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "run",
                "--target",
                target,
                "--connections",
                "2",
                "--messages-per-connection",
                "50",
                "--warmup",
                "0s",
                "--max-errors",
                "0",
                "--min-rate",
                "1000000000",
                "--metrics-port",
                String.valueOf(freePort()));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--min-rate").doesNotContain("--max-errors");
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout.lines().toList()).hasSize(1);
        assertThat(json.readTree(stdout)
                        .path("results")
                        .get(0)
                        .path("messages")
                        .path("echoed")
                        .asLong())
                .isEqualTo(100);
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoShardsMergeIntoExactlyTheirSumAndMergeRefusesWhatIsNotTheWhole() throws Exception {
        String target = "127.0.0.1:" + servers.status(IoModel.MULTIPLEXING).port();
        String startAt = Instant.now().plus(START_AHEAD).toString();
        int metricsPort = freePort();
        CompletableFuture<Integer> shard0 =
                shard("0/2", target, startAt, "--metrics-port", String.valueOf(metricsPort), "--linger", "5s");
        CompletableFuture<Integer> shard1 = shard("1/2", target, startAt);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // While shard 0 runs, its metrics port serves Actuator's health and Prometheus, and nothing else.
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .until(() ->
                        get(http, metricsPort, "/actuator/prometheus").body().contains("echo_stress_messages_total")
                                && get(http, metricsPort, "/actuator/health").statusCode() == 200
                                && get(http, metricsPort, "/api/models").statusCode() == 404
                                && get(http, metricsPort, "/").statusCode() == 404);

        assertThat(shard0.get(2, TimeUnit.MINUTES)).isZero();
        assertThat(shard1.get(2, TimeUnit.MINUTES)).isZero();
        JsonNode a = result("0/2");
        JsonNode b = result("1/2");
        assertThat(a.path("shard").asString()).isEqualTo("0/2");
        assertThat(a.path("connections").path("requested").asInt()).isEqualTo(6);
        assertThat(b.path("connections").path("requested").asInt()).isEqualTo(5);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int merged = Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                "merge",
                dir.resolve("0.json").toString(),
                dir.resolve("1.json").toString());
        assertThat(merged).isZero();
        JsonNode run = json.readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode m = run.path("results").get(0);
        for (String counter : new String[] {
            "connections/requested",
            "connections/established",
            "messages/sent",
            "messages/echoed",
            "bytes/sent",
            "bytes/echoed"
        }) {
            String[] path = counter.split("/");
            assertThat(m.path(path[0]).path(path[1]).asLong())
                    .as(counter)
                    .isEqualTo(a.path(path[0]).path(path[1]).asLong()
                            + b.path(path[0]).path(path[1]).asLong());
        }
        assertThat(m.path("connections").path("requested").asInt()).isEqualTo(11);
        assertThat(m.path("messages").path("echoed").asLong()).isPositive();
        double p99a = a.path("latencyMicros").path("p99").asDouble();
        double p99b = b.path("latencyMicros").path("p99").asDouble();
        assertThat(m.path("latencyMicros").path("p99").asDouble())
                .isBetween(Math.min(p99a, p99b), Math.max(p99a, p99b));
        // One --start-at: the shards began within a second of each other, and say when they were meant to.
        JsonNode sharding = run.path("sharding");
        assertThat(sharding.path("shards").toString()).isEqualTo("[\"0/2\",\"1/2\"]");
        assertThat(sharding.path("partial").asBoolean()).isFalse();
        assertThat(sharding.path("startSkewMicros").asLong()).isLessThan(1_000_000);
        assertThat(sharding.path("intendedStart").asString()).isEqualTo(startAt);
        assertThat(sharding.path("windows").get(0).path("commonFrom").asLong())
                .isEqualTo(m.path("measuredFrom").asLong());
        JsonNode own = json.readTree(Files.readString(dir.resolve("0.json"))).path("sharding");
        assertThat(own.path("shard").asString()).isEqualTo("0/2");
        assertThat(own.path("count").asInt()).isEqualTo(2);
        assertThat(Instant.parse(own.path("actualStart").asString())).isAfterOrEqualTo(Instant.parse(startAt));

        // The same shard twice, or one missing: refused, saying so; missing allowed: partial, and saying so.
        String zero = dir.resolve("0.json").toString();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(printed, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(said, true, StandardCharsets.UTF_8);

        assertThat(Cli.execute(stdout, stderr, "merge", zero, zero)).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("merge refused", "is given 2 times");
        assertThat(Cli.execute(stdout, stderr, "merge", zero)).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("shard 1/2 is missing");
        assertThat(printed.size()).isZero();

        assertThat(Cli.execute(stdout, stderr, "merge", "--allow-partial", zero))
                .isEqualTo(Outcome.HELD);
        JsonNode partial = json.readTree(printed.toString(StandardCharsets.UTF_8));
        assertThat(partial.path("sharding").path("partial").asBoolean()).isTrue();
        assertThat(partial.path("sharding").path("missing").toString()).isEqualTo("[1]");
        assertThat(partial.path("results").get(0).path("notes").toString()).contains("shard 1/2 is missing");
    }

    private CompletableFuture<Integer> shard(String shard, String target, String startAt, String... more) {
        String file = dir.resolve(shard.charAt(0) + ".json").toString();
        String[] args = {
            "run",
            "--target",
            target,
            "--connections",
            "11",
            "--duration",
            "2s",
            "--warmup",
            "500ms",
            "--shard",
            shard,
            "--start-at",
            startAt,
            "--out",
            file
        };
        String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
        return CompletableFuture.supplyAsync(
                () -> Cli.execute(System.out, System.err, all),
                r -> Thread.ofPlatform().name("shard-" + shard.charAt(0)).start(r));
    }

    private JsonNode result(String shard) throws IOException {
        JsonNode run = json.readTree(Files.readString(dir.resolve(shard.charAt(0) + ".json")));
        assertThat(run.path("results").size()).isEqualTo(1);
        return run.path("results").get(0);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
