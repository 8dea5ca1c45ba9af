package dev.echolab.web;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** What every error answer must be: RFC 9457 problem+json with type, title, status, detail and instance. */
public final class Problems {

    private Problems() {}

    /** Checks the status and the five members every problem carries, and returns the body for more checks. */
    public static RestTestClient.BodyContentSpec expectProblem(
            RestTestClient.ResponseSpec response, int status, String instance) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isNotEmpty()
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.instance")
                .isEqualTo(instance);
    }
}
