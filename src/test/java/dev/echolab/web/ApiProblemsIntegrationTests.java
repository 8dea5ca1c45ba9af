package dev.echolab.web;

import static dev.echolab.web.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.FailingEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Errors that no controller of ours raises: unknown paths, a body over the limit, requests the security firewall
 * refuses, {@code /error} itself, and an unexpected exception. All are problem+json, and none shows a stack.
 */
@EchoLabIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiProblemsIntegrationTests {

    private static final String START = "/api/servers/thread-pool/start";

    @Autowired
    private RestTestClient http;

    @LocalServerPort
    private int port;

    @Test
    void anUnknownPathIs404NamingIt() {
        expectProblem(http.get().uri("/api/no-such-thing").exchange(), 404, "/api/no-such-thing")
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).contains("GET /api/no-such-thing"));
        expectProblem(http.get().uri("/no-such-page").exchange(), 404, "/no-such-page");
    }

    @Test
    void aBodyOverTheLimitIs413WithAContentLength() {
        byte[] body = padded(RequestSizeLimitFilter.LIMIT + 1);
        expectProblem(
                        http.post()
                                .uri(START)
                                .headers(h -> h.setBasicAuth(
                                        EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(body)
                                .exchange(),
                        413,
                        START)
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).contains("65536"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndOneUnderItIsServed() throws Exception {
        HttpResponse<String> tooLarge = send(chunkedStart(padded(RequestSizeLimitFilter.LIMIT + 1)));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        assertThat(tooLarge.body()).contains("\"status\":413", "\"instance\":\"" + START + "\"");

        HttpResponse<String> small = send(chunkedStart(padded(RequestSizeLimitFilter.LIMIT)));
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).contains("\"state\":\"RUNNING\"");
    }

    @Test
    void anUnexpectedErrorIs500WithoutTheStackWhichGoesToTheLog(CapturedOutput output) {
        byte[] body = expectProblem(http.get().uri(FailingEndpoint.PATH).exchange(), 500, FailingEndpoint.PATH)
                .returnResult()
                .getResponseBody();
        String text = new String(body);
        assertThat(text).doesNotContain(FailingEndpoint.SECRET, "IllegalStateException", "at dev.echolab", "trace");
        assertThat(output)
                .contains("unexpected error on GET " + FailingEndpoint.PATH)
                .contains("java.lang.IllegalStateException: " + FailingEndpoint.SECRET)
                .contains("at dev.echolab.FailingEndpoint");
    }

    @Test
    void aRequestTheFirewallRefusesIsAProblemToo() throws Exception {
        for (String path : new String[] {"/api/models;jsessionid=x", "/api/%2e%2e/models"}) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri(path)).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.body())
                    .as(path)
                    .contains("\"type\":\"about:blank\"", "\"status\":400", "\"instance\":\"" + path + "\"");
        }
    }

    @Test
    void theErrorPathAskedForDirectlyIsAProblem() {
        expectProblem(http.get().uri("/error").exchange(), 404, "/error");
    }

    private HttpRequest.Builder chunkedStart(byte[] body) {
        // An InputStream publisher has no length, so the client sends the body chunked, without Content-Length.
        return HttpRequest.newBuilder(uri(START))
                .header("Authorization", basic())
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic() {
        String pair = EchoLabIntegrationTest.USERNAME + ":" + EchoLabIntegrationTest.PASSWORD;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes());
    }

    /** A valid start request ({@code {}}) padded with spaces to exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }
}
