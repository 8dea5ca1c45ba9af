package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoServers.State;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The server meters as Prometheus scrapes them: names of the metrics table of docs/monitoring.md, one series per running model,
 * and byte counters that move by exactly what a real client sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Timeout(60)
class EchoServerMetricsIntegrationTests {

    /** The Prometheus names of every server meter, as in the metrics table of docs/monitoring.md. */
    private static final List<String> SERVER_SERIES = List.of(
            "echo_server_running",
            "echo_server_connections_active",
            "echo_server_connections_accepted_total",
            "echo_server_connections_rejected_total",
            "echo_server_received_bytes_total",
            "echo_server_sent_bytes_total",
            "echo_server_errors_total",
            "echo_server_threads",
            "echo_server_cpu_seconds_total",
            "echo_server_loop_iterations_total",
            "echo_server_loop_idle_total");

    @Autowired
    private RestTestClient http;

    @Autowired
    private EchoServers servers;

    @Autowired
    private MeterRegistry registry;

    @Test
    void everyServerMeterIsScrapedForEveryRunningModel() {
        List<IoModel> running = runningModels();
        assertThat(running).isNotEmpty();
        String scrape = scrape();
        for (IoModel model : running) {
            for (String series : SERVER_SERIES) {
                assertThat(value(scrape, series, model))
                        .as("%s{model=%s}", series, model.id())
                        .isNotNull();
            }
            assertThat(value(scrape, "echo_server_running", model)).isEqualTo(1.0);
        }
        assertThat(scrape)
                .contains("echo_server_connections_rejected_total{application=\"echo-lab\",model=\"")
                .contains("reason=\"over-limit\"")
                .contains("reason=\"accept-error\"")
                .contains("kind=\"reset\"")
                .contains("kind=\"idle-timeout\"")
                .contains("kind=\"io\"");
    }

    @Test
    void everyServerMeterHasADescription() {
        List<Meter> meters = registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("echo.server."))
                .toList();
        assertThat(meters)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
    }

    @Test
    void byteCountersMoveByExactlyWhatAClientSent() throws IOException {
        Random random = new Random(7);
        for (IoModel model : runningModels()) {
            String scrape = scrape();
            double received = value(scrape, "echo_server_received_bytes_total", model);
            double sent = value(scrape, "echo_server_sent_bytes_total", model);
            byte[] payload = new byte[10_000 + random.nextInt(5_000)];
            random.nextBytes(payload);

            echo(servers.status(model).port(), payload);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String after = scrape();
                assertThat(value(after, "echo_server_received_bytes_total", model))
                        .as("%s received", model.id())
                        .isEqualTo(received + payload.length);
                assertThat(value(after, "echo_server_sent_bytes_total", model))
                        .as("%s sent", model.id())
                        .isEqualTo(sent + payload.length);
            });
        }
    }

    @Test
    void aModelThatServedAClientShowsItsThreadsAndCpuTime() throws IOException {
        for (IoModel model : runningModels()) {
            echo(servers.status(model).port(), new byte[4096]);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String scrape = scrape();
                assertThat(value(scrape, "echo_server_threads", model))
                        .as("%s threads", model.id())
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(value(scrape, "echo_server_cpu_seconds_total", model))
                        .as("%s cpu", model.id())
                        .isGreaterThan(0.0);
            });
        }
    }

    @Test
    void virtualThreadMetricsOfTheJvmAreExported() {
        assertThat(scrape()).contains("jvm_threads_virtual_");
    }

    private List<IoModel> runningModels() {
        return servers.statuses().stream()
                .filter(s -> s.state() == State.RUNNING)
                .map(EchoServers.ServerStatus::model)
                .toList();
    }

    private String scrape() {
        return http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** The sum of every series of a metric for one model (tags beyond {@code model} are added up), or null. */
    private static Double value(String scrape, String metric, IoModel model) {
        Pattern line = Pattern.compile("^" + metric + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        Double sum = null;
        while (m.find()) {
            if (m.group(1).contains("model=\"" + model.id() + "\"")) {
                sum = (sum == null ? 0 : sum) + Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Writes the payload to an echo server, reads the same number of bytes back, checks them, closes. */
    private static void echo(int port, byte[] payload) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(payload);
            out.flush();
            byte[] echoed = in.readNBytes(payload.length);
            assertThat(echoed).isEqualTo(payload);
        }
    }
}
