package dev.echolab.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.EchoLabProcess;
import dev.echolab.cli.Cli;
import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.stress.Coordination;
import dev.echolab.stress.ModelResult;
import dev.echolab.stress.StressRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordination protocol end to end, as operators run it: this service, and three load generators that are real
 * processes ({@code java … run --coordinator}, over real HTTP and real sockets on loopback), each given no index
 * (as compose replicas are), so the coordinator hands them out. Mid-run one is stopped with SIGTERM (it posts its
 * partial result) and one is killed with SIGKILL (it posts nothing): the round is merged at its deadline into one
 * stored run, partial, naming the missing shard, and {@code wait} says so with exit 2.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "echo.api.password=" + CoordinatedRunIntegrationTests.PASSWORD,
            // A killed shard is reported missing this long after the round's expected end.
            "echo.shards.result-grace=3s"
        })
@AutoConfigureRestTestClient
class CoordinatedRunIntegrationTests {

    static final String PASSWORD = "coordinated-run-secret";
    private static final String GROUP = "e2e";
    private static final int SHARDS = 3;
    private static final Duration DURATION = Duration.ofSeconds(8);

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final List<Process> generators = new ArrayList<>();

    @Autowired
    private RestTestClient http;

    @Autowired
    private EchoServers servers;

    @LocalServerPort
    private int port;

    @TempDir
    Path dir;

    @AfterEach
    void stopGenerators() {
        generators.forEach(Process::destroyForcibly);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void threeGeneratorProcessesOneStoppedOneKilledMergeIntoOnePartialStoredRun() throws Exception {
        servers.start(IoModel.MULTIPLEXING, 0);
        int echoPort = servers.status(IoModel.MULTIPLEXING).port();
        for (int i = 0; i < SHARDS; i++) {
            generators.add(generator(i, echoPort));
        }

        RoundView started = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(this::round, r -> r != null && r.startAt() != null);
        assertThat(started.members()).extracting(RoundView.MemberView::index).containsExactlyInAnyOrder(0, 1, 2);
        // Mid-run: after the warm-up, well before the end of the measured window.
        sleepUntil(started.startAt().plus(Duration.ofSeconds(4)));
        Process stopped = process(started, 1);
        Process killed = process(started, 2);
        stopped.destroy(); // SIGTERM
        killed.destroyForcibly(); // SIGKILL: no result
        Process whole = process(started, 0);

        assertThat(whole.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(stopped.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(whole.exitValue()).as(log(whole)).isZero();
        assertThat(stopped.exitValue()).as(log(stopped)).isEqualTo(143);
        assertThat(log(stopped)).contains("cancelling the run", "result of shard 1 posted to", "(CANCELLED)");

        RoundView merged = await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(this::round, RoundView::finished);
        assertThat(merged.state()).as(merged.toString()).isEqualTo("MERGED");
        assertThat(merged.missing()).containsExactly(2);

        StressRun run = json.readValue(
                http.get()
                        .uri(merged.run())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .returnResult(String.class)
                        .getResponseBody(),
                StressRun.class);
        assertThat(run.storage().status()).isEqualTo("STORED");
        assertThat(run.status()).isEqualTo(StressRun.Status.CANCELLED);
        Coordination coordination = run.coordination();
        assertThat(coordination.partial()).isTrue();
        assertThat(coordination.missing()).containsExactly(2);
        assertThat(coordination.members())
                .extracting(Coordination.Member::status)
                .containsExactly("SUCCEEDED", "CANCELLED", "MISSING");
        ModelResult partial = coordination.members().get(1).results().getFirst();
        assertThat(partial.shard()).isEqualTo("1/3");
        assertThat(partial.messages().echoed())
                .as("what it measured before SIGTERM")
                .isPositive();
        ModelResult full = coordination.members().get(0).results().getFirst();
        ModelResult sum = run.results().getFirst();
        assertThat(sum.messages().echoed())
                .isEqualTo(full.messages().echoed() + partial.messages().echoed());
        assertThat(sum.connections().requested())
                .isEqualTo(
                        full.connections().requested() + partial.connections().requested());
        assertThat(coordination.startSkewMicros()).isNotNull().isNotNegative();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                "wait",
                "--coordinator",
                "http://127.0.0.1:" + port,
                "--group",
                GROUP,
                "--timeout",
                "30s");
        assertThat(exit).as("a partial run is not a whole valid one").isEqualTo(2);
        assertThat(json.readTree(out.toString(StandardCharsets.UTF_8))
                        .path("id")
                        .asString())
                .isEqualTo(run.id());
    }

    /** One generator process, as a compose replica starts: no index, the coordinator gives one. */
    private Process generator(int i, int echoPort) throws IOException {
        List<String> command = EchoLabProcess.command(List.of(
                "run",
                "--coordinator",
                "http://127.0.0.1:" + port,
                "--group",
                GROUP,
                "--shards",
                String.valueOf(SHARDS),
                "--target",
                "127.0.0.1:" + echoPort + "=multiplexing",
                "--connections",
                "6",
                "--duration",
                DURATION.toSeconds() + "s",
                "--warmup",
                "1s",
                "--coordinator-timeout",
                "3m",
                "--out",
                dir.resolve("result-" + i + ".json").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("generator-" + i + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("JOB_") || k.startsWith("ECHO_"));
        env.put("ECHO_API_PASSWORD", PASSWORD);
        return builder.start();
    }

    /** The generator process that holds this index: its generator id ends with its pid. */
    private Process process(RoundView round, int index) {
        String generator = round.members().stream()
                .filter(m -> m.index() == index)
                .findFirst()
                .orElseThrow()
                .generator();
        long pid = Long.parseLong(generator.substring(generator.lastIndexOf(':') + 1));
        return generators.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    /** The group's round; null while no generator has joined (404). */
    private RoundView round() {
        var answer = http.get().uri("/api/shards/" + GROUP).exchange().returnResult(String.class);
        return answer.getStatus().value() == 404 ? null : json.readValue(answer.getResponseBody(), RoundView.class);
    }

    private String log(Process process) {
        Map<Long, Integer> byPid = new HashMap<>();
        for (int i = 0; i < generators.size(); i++) {
            byPid.put(generators.get(i).pid(), i);
        }
        try {
            return Files.readString(dir.resolve("generator-" + byPid.get(process.pid()) + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
