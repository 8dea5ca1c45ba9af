package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
            JsonNode started = send(app, OneModelApp.shortRun("restart"), "/api/stress");
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

    /** Its history in an H2 file under the temporary directory, not the tests' database in memory. */
    private ConfigurableApplicationContext start() {
        return OneModelApp.start("restart", "--spring.datasource.url=jdbc:h2:file:" + dir + "/echo-lab");
    }

    private JsonNode send(ConfigurableApplicationContext app, HttpRequest.Builder request, String path)
            throws Exception {
        int port = OneModelApp.port(app);
        HttpResponse<String> response = http.send(
                request.uri(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }
}
