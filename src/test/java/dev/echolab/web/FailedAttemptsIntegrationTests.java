package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Guessing the password over HTTP, from one address as everyone behind loopback, a port-forward or a proxy is:
 * after the limit, that user's attempts from that address wait before they are checked, another user's do not, and
 * the right password still gets in. Its own context (a property of its own, closed afterwards), so that its counts
 * start from nothing.
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
    void wrongPasswordsSlowTheGuesserDownAndTheRightOneStillGetsIn() {
        long checks = credentials.checks();
        long slowed = credentials.attempts().slowedDown();
        for (int i = 0; i <= FailedAttempts.LIMIT; i++) {
            post(EchoLabIntegrationTest.USERNAME, "guess-" + i)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(RequestProblemType.UNAUTHORIZED.uri().toString());
        }
        assertThat(credentials.attempts().slowedDown() - slowed)
                .as("the attempt after the limit waited")
                .isEqualTo(1);

        post("someone-else", "guess").expectStatus().isUnauthorized();
        assertThat(credentials.attempts().slowedDown() - slowed)
                .as("another user from the same address does not wait")
                .isEqualTo(1);

        // The same user from the same address, with the right password: it waits too, then gets in.
        post(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD)
                .expectStatus()
                .isOk();
        assertThat(credentials.attempts().slowedDown() - slowed).isEqualTo(2);
        assertThat(credentials.checks() - checks)
                .as("every attempt was checked")
                .isEqualTo(FailedAttempts.LIMIT + 3);

        post(EchoLabIntegrationTest.USERNAME, "one-more-guess").expectStatus().isUnauthorized();
        assertThat(credentials.attempts().slowedDown() - slowed)
                .as("the right password started afresh")
                .isEqualTo(2);
        // Open calls are not affected.
        http.get().uri("/api/servers").exchange().expectStatus().isOk();
    }

    private RestTestClient.ResponseSpec post(String user, String password) {
        return http.post()
                .uri(STOP)
                .headers(h -> h.setBasicAuth(user, password))
                .exchange();
    }
}
