package dev.echolab.web;

import static dev.echolab.web.Problems.expectProblem;

import dev.echolab.EchoLabIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Who may do what: GETs are open, every mutating call under /api needs HTTP Basic, and no session is kept. */
@EchoLabIntegrationTest
class ApiSecurityIntegrationTests {

    private static final String STOP = "/api/servers/thread-per-connection/stop";

    @Autowired
    private RestTestClient http;

    @Test
    void aMutatingCallWithoutCredentialsIs401WithABasicChallenge() {
        expectProblem(http.post().uri(STOP).exchange(), 401, STOP)
                .jsonPath("$.type").isEqualTo("https://echolab.dev/problems/unauthorized");
        http.post().uri(STOP).exchange()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"echo-lab\"");
    }

    @Test
    void aWrongPasswordOrUserIs401() {
        expectProblem(http.post().uri(STOP).headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, "wrong"))
                .exchange(), 401, STOP);
        expectProblem(http.post().uri(STOP).headers(h -> h.setBasicAuth("root", EchoLabIntegrationTest.PASSWORD))
                .exchange(), 401, STOP);
    }

    @Test
    void theRightCredentialsAre200AndNoSessionCookieIsSet() {
        http.post().uri(STOP)
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
                .expectBody().jsonPath("$.state").isEqualTo("STOPPED");
        http.post().uri("/api/servers/thread-per-connection/start")
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void credentialsAreCheckedBeforeTheBodySize() {
        byte[] tooLarge = new byte[RequestSizeLimitFilter.LIMIT + 1];
        expectProblem(http.post().uri("/api/servers/thread-pool/start").contentType(MediaType.APPLICATION_JSON)
                .body(tooLarge).exchange(), 401, "/api/servers/thread-pool/start");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
    void everyOtherMutatingMethodUnderApiNeedsCredentialsBeforeAnythingElse(String method) {
        // 401, not 405: a caller without credentials learns nothing about what exists.
        expectProblem(http.method(HttpMethod.valueOf(method)).uri("/api/servers").exchange(), 401, "/api/servers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/models", "/api/servers", "/api/servers/thread-pool", "/v3/api-docs",
            "/swagger-ui/index.html", "/actuator/health", "/actuator/info", "/actuator/prometheus",
            "/actuator/metrics"})
    void getsAreOpen(String path) {
        http.get().uri(path).exchange().expectStatus().isOk();
    }
}
