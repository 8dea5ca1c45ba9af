package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history database really goes away (an H2 server in a process of its own, killed, then started again on the
 * same port and files): reads answer at once from memory and say the history is unavailable, a run that finishes
 * meanwhile waits in the outbox as PENDING, listed and readable, and is stored once the database is back, also
 * when the app was restarted in between. The container's health check stays healthy throughout.
 */
@Timeout(600) // several start-ups of the app and of H2: minutes on a busy two-core machine
class HistoryOutageIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Far below Hikari's default of 30 s, far above the ~2 s a read takes to give up: a bound, not a benchmark. */
    private static final Duration READ_BOUND = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private H2ServerProcess database;

    @BeforeEach
    void startDatabase() throws IOException {
        database = H2ServerProcess.start(dir.resolve("h2"));
    }

    @AfterEach
    void stopDatabase() throws InterruptedException {
        database.close();
    }

    @Test
    void whileTheDatabaseIsDownReadsAnswerFromMemoryAndANewRunIsStoredOnceItIsBack() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            String before = finishedRun(app);
            awaitStorage(app, before, "STORED");

            database.stop();

            HttpResponse<String> list = get(app, "/api/stress");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.headers().firstValue("Echo-History")).hasValue("unavailable");
            HttpResponse<String> stored = get(app, "/api/stress/" + before);
            assertThat(stored.statusCode())
                    .as("a stored run cannot be read from memory")
                    .isEqualTo(503);
            assertThat(stored.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(stored.body()).get("type").asString()).isEqualTo("/problems/history-unavailable");

            String during = finishedRun(app);
            awaitOutbox(during);
            JsonNode pending = JSON.readTree(get(app, "/api/stress/" + during).body());
            assertThat(pending.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(pending.get("storage").get("status").asString()).isEqualTo("PENDING");
            assertThat(pending.get("storage").get("detail").asString()).contains("outbox");
            assertThat(ids(get(app, "/api/stress"))).containsExactly(during);
            assertThat(outbox()).containsExactly(during + ".json");
            assertThat(get(app, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> readiness = get(app, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readiness.body()).get("components").propertyNames())
                    .containsExactlyInAnyOrder("readinessState", "echoServers");
            HttpResponse<String> health = get(app, "/actuator/health");
            assertThat(JSON.readTree(health.body()).at("/components/db/status").asString())
                    .as("/actuator/health shows the database")
                    .isEqualTo("DOWN");
            assertThat(JSON.readTree(health.body())
                            .at("/components/history/details/waiting")
                            .asInt())
                    .isEqualTo(1);
            assertThat(healthCheck(app)).as("docker/healthcheck.sh exit code").isZero();

            database.restart();

            awaitStorage(app, during, "STORED");
            assertThat(outbox()).isEmpty();
            HttpResponse<String> after = get(app, "/api/stress");
            assertThat(after.headers().firstValue("Echo-History")).isEmpty();
            assertThat(ids(after)).containsExactly(during, before);
        }
    }

    @Test
    void aRunWaitingInTheOutboxIsStoredByTheNextProcess() throws Exception {
        String during;
        try (ConfigurableApplicationContext app = start()) {
            database.stop();
            during = finishedRun(app);
            awaitOutbox(during);
            assertThat(storage(app, during)).isEqualTo("PENDING");
        }
        assertThat(outbox()).containsExactly(during + ".json");

        database.restart();
        try (ConfigurableApplicationContext app = start()) {
            awaitStorage(app, during, "STORED");
            JsonNode run = JSON.readTree(get(app, "/api/stress/" + during).body());
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("results")).hasSize(1);
            assertThat(ids(get(app, "/api/stress"))).containsExactly(during);
        }
        assertThat(outbox()).isEmpty();
    }

    /** Its history in the H2 server, its outbox under the temporary directory. */
    private ConfigurableApplicationContext start() {
        return OneModelApp.start(
                "outage",
                "--spring.datasource.url=" + database.url("echo-lab"),
                "--echo.history.outbox.dir=" + dir.resolve("outbox"),
                "--echo.history.outbox.max-retry-interval=1s");
    }

    private String finishedRun(ConfigurableApplicationContext app) throws Exception {
        HttpResponse<String> started = send(app, OneModelApp.shortRun("outage"), "/api/stress");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !storage(app, id).equals("RUNNING"));
        return id;
    }

    private void awaitStorage(ConfigurableApplicationContext app, String id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> storage(app, id).equals(status));
    }

    /** Until the run is in the outbox (its storage says PENDING before, while the database is tried). */
    private void awaitOutbox(String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> outbox().contains(id + ".json"));
    }

    /** The run's storage status, or RUNNING while it goes (storage says PENDING then too). */
    private String storage(ConfigurableApplicationContext app, String id) throws Exception {
        JsonNode run = JSON.readTree(get(app, "/api/stress/" + id).body());
        return run.get("status").asString().matches("QUEUED|RUNNING")
                ? "RUNNING"
                : run.get("storage").get("status").asString();
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        return send(app, HttpRequest.newBuilder(), path);
    }

    /** Fails (HttpTimeoutException) when the app takes longer than {@link #READ_BOUND} to answer. */
    private HttpResponse<String> send(ConfigurableApplicationContext app, HttpRequest.Builder request, String path)
            throws Exception {
        return http.send(
                request.uri(URI.create("http://127.0.0.1:" + OneModelApp.port(app) + path))
                        .timeout(READ_BOUND)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int healthCheck(ConfigurableApplicationContext app) throws Exception {
        Process check = new ProcessBuilder("bash", "docker/healthcheck.sh", Integer.toString(OneModelApp.port(app)))
                .inheritIO()
                .start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return check.exitValue();
    }

    private List<String> outbox() throws IOException {
        Path outbox = dir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> ids(HttpResponse<String> list) {
        return StreamSupport.stream(JSON.readTree(list.body()).spliterator(), false)
                .map(r -> r.get("id").asString())
                .toList();
    }
}
