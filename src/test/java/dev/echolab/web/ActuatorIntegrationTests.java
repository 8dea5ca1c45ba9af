package dev.echolab.web;

import static dev.echolab.web.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.server.IoModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Actuator: exactly health, info, metrics and prometheus, open to all; health has a component per echo server. */
@EchoLabIntegrationTest
class ActuatorIntegrationTests {

    @Autowired
    private RestTestClient http;

    @Test
    void exposesHealthInfoMetricsAndPrometheusAndNothingElse() {
        Map<String, Object> links = http.get()
                .uri("/actuator")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(ActuatorLinks.class)
                .getResponseBody()
                ._links();
        TreeSet<String> endpoints = new TreeSet<>();
        links.keySet().stream()
                .filter(k -> !k.equals("self"))
                .map(k -> k.split("-")[0])
                .forEach(endpoints::add);
        assertThat(endpoints).containsExactly("health", "info", "metrics", "prometheus");
    }

    record ActuatorLinks(Map<String, Object> _links) {}

    @ParameterizedTest
    @ValueSource(strings = {"env", "heapdump", "threaddump", "shutdown", "beans", "configprops", "loggers", "mappings"})
    void everyOtherEndpointIs404(String endpoint) {
        String path = "/actuator/" + endpoint;
        expectProblem(http.get().uri(path).exchange(), 404, path);
        // Every call that changes state needs credentials first, on any path: without them, nothing is told.
        expectProblem(http.post().uri(path).exchange(), 401, path);
        expectProblem(
                http.post()
                        .uri(path)
                        .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                        .exchange(),
                404,
                path);
    }

    @Test
    void healthHasAnUpComponentPerEchoServer() {
        RestTestClient.BodyContentSpec health = http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.echoServers.status")
                .isEqualTo("UP");
        for (IoModel model : IoModel.values()) {
            String component = "$.components.echoServers.components['" + model.id() + "']";
            health.jsonPath(component + ".status")
                    .isEqualTo("UP")
                    .jsonPath(component + ".details.bindAddress")
                    .isEqualTo("127.0.0.1")
                    .jsonPath(component + ".details.state")
                    .isNotEmpty();
        }
    }

    @Test
    void infoHasTheBuildAndTheCommitWhenThereIsOne() throws IOException {
        RestTestClient.BodyContentSpec info = http.get()
                .uri("/actuator/info")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.build.artifact")
                .isEqualTo("echo-lab")
                .jsonPath("$.build.version")
                .isNotEmpty();
        Properties git = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        }
        // A build from a tree without .git has no git.properties, and then no git section (the build must not fail).
        if (git.getProperty("git.commit.id.abbrev") != null) {
            info.jsonPath("$.git.commit.id").isEqualTo(git.getProperty("git.commit.id.abbrev"));
        } else {
            info.jsonPath("$.git").doesNotExist();
        }
    }

    @Test
    void prometheusScrapesWithTheApplicationTag() {
        String scrape = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody();
        assertThat(scrape).contains("# TYPE jvm_threads_live_threads gauge", "application=\"echo-lab\"");
    }

    @Test
    void metricsListsMeterNames() {
        http.get()
                .uri("/actuator/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.names")
                .isNotEmpty();
    }
}
