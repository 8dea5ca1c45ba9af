package dev.echolab.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console is plain static files in the jar: every file the page names is served, without credentials, and
 * uPlot is served from its webjar without a version in the path. Runs anywhere, with or without a browser.
 */
@EchoLabIntegrationTest
class ConsoleResourcesIntegrationTests {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./(?:js/)?([^']+)'");

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void rootServesTheConsole() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Echo Lab</title>", "id=\"server-table\"", "id=\"stress-form\"");
    }

    @Test
    void everyFileThePageNamesIsServedWithoutCredentials() throws Exception {
        String html = get("/").body();
        List<String> paths = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            if (!m.group(1).startsWith("/api/")
                    && !m.group(1).startsWith("/actuator/")
                    && !m.group(1).startsWith("/swagger-ui/")
                    && !m.group(1).startsWith("/v3/")) {
                paths.add(m.group(1));
            }
        }

        assertThat(paths)
                .contains(
                        "/console.js",
                        "/console.css",
                        "/favicon.svg",
                        "/webjars/uplot/dist/uPlot.iife.min.js",
                        "/webjars/uplot/dist/uPlot.min.css");
        for (String path : paths) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void everyModuleTheEntryPointImportsIsServed() throws Exception {
        List<String> modules = new ArrayList<>();
        Matcher m = IMPORT.matcher(get("/console.js").body());
        while (m.find()) {
            modules.add(m.group(1));
        }

        assertThat(modules).contains("api.js", "servers.js", "stress.js", "results.js", "ui.js");
        for (String module : modules) {
            HttpResponse<String> js = get("/js/" + module);
            assertThat(js.statusCode()).as(module).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type"))
                    .as(module)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
