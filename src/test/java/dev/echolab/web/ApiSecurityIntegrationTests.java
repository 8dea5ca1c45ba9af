package dev.echolab.web;

import static dev.echolab.web.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Who may do what: GETs are open and ignore credentials, every mutating call needs HTTP Basic and must not come
 * from another site, no session is kept, and an encoded path escapes neither the password nor the body limit.
 */
@EchoLabIntegrationTest
class ApiSecurityIntegrationTests {

    private static final String STOP = "/api/servers/thread-per-connection/stop";

    @Autowired
    private RestTestClient http;

    @Autowired
    private ApiCredentials credentials;

    @LocalServerPort
    private int port;

    @Test
    void aMutatingCallWithoutCredentialsIs401WithABasicChallenge() {
        expectProblem(http.post().uri(STOP).exchange(), 401, STOP)
                .jsonPath("$.type")
                .isEqualTo(RequestProblemType.UNAUTHORIZED.uri().toString());
        http.post()
                .uri(STOP)
                .exchange()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"echo-lab\"");
    }

    @Test
    void aWrongPasswordOrUserIs401() {
        expectProblem(
                http.post()
                        .uri(STOP)
                        .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, "wrong"))
                        .exchange(),
                401,
                STOP);
        expectProblem(
                http.post()
                        .uri(STOP)
                        .headers(h -> h.setBasicAuth("root", EchoLabIntegrationTest.PASSWORD))
                        .exchange(),
                401,
                STOP);
    }

    @Test
    void theRightCredentialsAre200AndNoSessionCookieIsSet() {
        http.post()
                .uri(STOP)
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.SET_COOKIE)
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("STOPPED");
        http.post()
                .uri("/api/servers/thread-per-connection/start")
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void credentialsAreCheckedBeforeTheBodySize() {
        byte[] tooLarge = new byte[RequestSizeLimitFilter.LIMIT + 1];
        expectProblem(
                http.post()
                        .uri("/api/servers/thread-pool/start")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(tooLarge)
                        .exchange(),
                401,
                "/api/servers/thread-pool/start");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
    void everyOtherMutatingMethodUnderApiNeedsCredentialsBeforeAnythingElse(String method) {
        // 401, not 405: a caller without credentials learns nothing about what exists.
        expectProblem(
                http.method(HttpMethod.valueOf(method)).uri("/api/servers").exchange(), 401, "/api/servers");
    }

    @Test
    void aWrongAuthorizationHeaderOnAGetIsNeverChecked() {
        long before = credentials.checks();
        for (int i = 0; i < 20; i++) {
            String guess = "wrong-" + i;
            http.get()
                    .uri("/api/servers")
                    .headers(h -> h.setBasicAuth("admin", guess))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        assertThat(credentials.checks())
                .as("no password check for an open call")
                .isEqualTo(before);
        http.post()
                .uri(STOP)
                .headers(h -> h.setBasicAuth("admin", "wrong"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(credentials.checks())
                .as("one check for a call that needs it")
                .isEqualTo(before + 1);
    }

    @Test
    void aFormPostFromAnotherSiteWithTheRightCredentialsIsRefusedAndChangesNothing() throws Exception {
        start();
        String form = "application/x-www-form-urlencoded";
        HttpResponse<String> foreignOrigin = send(HttpRequest.newBuilder(uri(STOP))
                .header("Authorization", basic())
                .header("Origin", "https://evil.example")
                .header("Content-Type", form)
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
        expectHttpProblem(foreignOrigin, 403, RequestProblemType.CROSS_SITE_REQUEST);

        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri(STOP))
                .header("Authorization", basic())
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        expectHttpProblem(crossSite, 403, RequestProblemType.CROSS_SITE_REQUEST);

        // A browser too old to send Origin still sends the form's content type, which no call takes.
        for (String type : new String[] {form, "multipart/form-data; boundary=x", "text/plain"}) {
            HttpResponse<String> noOrigin = send(HttpRequest.newBuilder(uri(STOP))
                    .header("Authorization", basic())
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("x=1")));
            expectHttpProblem(noOrigin, 415, RequestProblemType.JSON_ONLY);
        }
        http.get()
                .uri("/api/servers/thread-per-connection")
                .exchange()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("RUNNING");
    }

    @Test
    void theAppsOwnPagesAndNonBrowserClientsMayChangeState() throws Exception {
        String self = "http://127.0.0.1:" + port;
        HttpResponse<String> sameOrigin = send(HttpRequest.newBuilder(uri(STOP))
                .header("Authorization", basic())
                .header("Origin", self)
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        HttpResponse<String> json = send(HttpRequest.newBuilder(uri("/api/servers/thread-per-connection/start"))
                .header("Authorization", basic())
                .header("Origin", self)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.statusCode()).isEqualTo(200);
    }

    @Test
    void anEncodedPathNeedsCredentialsAndKeepsTheBodyLimit() throws Exception {
        String encodedStop = "/%61pi/servers/thread-per-connection/stop";
        expectHttpProblem(
                send(HttpRequest.newBuilder(uri(encodedStop)).POST(HttpRequest.BodyPublishers.noBody())),
                401,
                RequestProblemType.UNAUTHORIZED);

        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(twoMegabytes, (byte) ' ');
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(uri("/%61pi/stress"))
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"status\":413", "65536");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/models",
                "/api/servers",
                "/api/servers/thread-pool",
                "/v3/api-docs",
                "/swagger-ui/index.html",
                "/actuator/health",
                "/actuator/info",
                "/actuator/prometheus",
                "/actuator/metrics"
            })
    void getsAreOpen(String path) {
        http.get().uri(path).exchange().expectStatus().isOk();
    }

    private void start() {
        http.post()
                .uri("/api/servers/thread-per-connection/start")
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static void expectHttpProblem(HttpResponse<String> response, int status, ProblemType type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"" + type.uri() + "\"", "\"status\":" + status);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic() {
        String pair = EchoLabIntegrationTest.USERNAME + ":" + EchoLabIntegrationTest.PASSWORD;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes());
    }
}
