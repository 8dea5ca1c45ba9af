package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Guessing the password over HTTP: after the limit, a client's attempts are refused with 429 without a check.
 * Its own context (a property of its own, closed afterwards): the lock-out would otherwise hit every test that
 * shares the one context from the same address.
 */
@EchoLabIntegrationTest
@TestPropertySource(properties = "spring.application.name=echo-lab-failed-attempts")
@DirtiesContext
class FailedAttemptsIntegrationTests {

    private static final String STOP = "/api/servers/blocking/stop";

    @Autowired
    private RestTestClient http;

    @Autowired
    private ApiCredentials credentials;

    @Test
    void twentyWrongPasswordsCostTenChecksAndTheRestAreRefusedUnchecked() {
        long before = credentials.checks();
        for (int i = 0; i < 20; i++) {
            int attempt = i;
            RestTestClient.ResponseSpec response = http.post()
                    .uri(STOP)
                    .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, "guess-" + attempt))
                    .exchange();
            if (i < FailedAttempts.LIMIT) {
                response.expectStatus().isUnauthorized();
            } else {
                response.expectStatus()
                        .isEqualTo(429)
                        .expectHeader()
                        .value(
                                HttpHeaders.RETRY_AFTER,
                                v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L))
                        .expectBody()
                        .jsonPath("$.type")
                        .isEqualTo(ProblemType.TOO_MANY_FAILED_ATTEMPTS.uri().toString());
            }
        }
        assertThat(credentials.checks() - before).isEqualTo(FailedAttempts.LIMIT);

        // Locked out, even the right password is not looked at: a guess that happens to be right would tell.
        http.post()
                .uri(STOP)
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus()
                .isEqualTo(429);
        assertThat(credentials.checks() - before).isEqualTo(FailedAttempts.LIMIT);
        // Open calls are not affected.
        http.get().uri("/api/servers").exchange().expectStatus().isOk();
    }
}
