package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.EchoLabApplication;
import dev.echolab.server.IoModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default H2 file database keeps runs across a restart of the app: a run made over HTTP by one process is
 * listed and read back by the next one on the same directory (echo.history.dir).
 */
@Timeout(600) // two full start-ups: minutes on a busy two-core machine
class HistoryRestartIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void aStoredRunOutlivesTheProcessThatRanIt() throws Exception {
        String id;
        try (ConfigurableApplicationContext app = start()) {
            String model = IoModel.values()[0].id();
            JsonNode started = send(
                    app,
                    HttpRequest.newBuilder()
                            .POST(HttpRequest.BodyPublishers.ofString("{\"models\":[\"" + model
                                    + "\"],\"connections\":3,\"durationSeconds\":0.3,\"warmupSeconds\":0}"))
                            .header("Content-Type", "application/json")
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString("admin:restart".getBytes(StandardCharsets.UTF_8))),
                    "/api/stress");
            id = started.get("id").asString();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> send(app, HttpRequest.newBuilder(), "/api/stress/" + id)
                            .get("storage")
                            .get("status")
                            .asString()
                            .equals("STORED"));
        }
        assertThat(Files.exists(dir.resolve("echo-lab.mv.db"))).isTrue();

        try (ConfigurableApplicationContext app = start()) {
            JsonNode again = send(app, HttpRequest.newBuilder(), "/api/stress/" + id);
            assertThat(again.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(again.get("results")).hasSize(1);
            JsonNode list = send(app, HttpRequest.newBuilder(), "/api/stress");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("id").asString()).isEqualTo(id);
        }
    }

    /**
     * The app as a user starts it, its history under the temporary directory (not the tests' in-memory one), with
     * one model only: the other models' threads would outlive the context by their shutdown grace, and tests that
     * count a model's threads run in this JVM after this one.
     */
    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--echo.api.password=restart",
                "--spring.datasource.url=jdbc:h2:file:" + dir + "/echo-lab"));
        for (IoModel model : IoModel.values()) {
            if (model != IoModel.values()[0]) {
                args.add("--echo.servers." + model.id() + ".enabled=false");
            }
        }
        return new SpringApplicationBuilder(EchoLabApplication.class).run(args.toArray(String[]::new));
    }

    private JsonNode send(ConfigurableApplicationContext app, HttpRequest.Builder request, String path)
            throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = http.send(
                request.uri(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }
}
