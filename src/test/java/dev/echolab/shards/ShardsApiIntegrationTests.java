package dev.echolab.shards;

import static dev.echolab.web.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code /api/shards} over real HTTP: a generator's calls need the API's credentials, reading is open, and bad input
 * and refusals are problems that say which field or what to do.
 */
@EchoLabIntegrationTest
class ShardsApiIntegrationTests {

    private static final String JOIN = "/api/shards/api-test/members";
    private static final String REQUEST = """
            {"targets": ["127.0.0.1:9"], "connections": 2, "durationSeconds": 1}""";

    @Autowired
    private RestTestClient http;

    @Test
    void aGeneratorJoinsWithTheApiCredentialsAndIsToldItsRoundAndIndex() {
        expectProblem(post(JOIN, "{\"shards\": 2, \"generator\": \"gen-a:1\"}", false), 401, JOIN);
        String round = post(JOIN, "{\"shards\": 2, \"generator\": \"gen-a:1\"}", true)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/shards/api-test/rounds/[0-9a-f]{8}")
                .expectBody(Membership.class)
                .returnResult()
                .getResponseBody()
                .round();
        String ready = "/api/shards/api-test/rounds/" + round + "/members/0/ready";
        expectProblem(post(ready, "{\"generator\": \"gen-a:1\"}", true), 400, ready)
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).startsWith("request:"));
        post(ready, "{\"generator\": \"gen-a:1\", \"request\": " + REQUEST + "}", true)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("JOINING")
                .jsonPath("$.members[0].readyAt")
                .isNotEmpty();

        expectProblem(post(JOIN, "{\"index\": 0, \"shards\": 2, \"generator\": \"gen-b:1\"}", true), 409, JOIN)
                .jsonPath("$.type")
                .isEqualTo("/problems/shard-refused")
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("shard 0 is held by gen-a:1"));
        http.get()
                .uri("/api/shards/api-test")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.round")
                .isEqualTo(round)
                .jsonPath("$.missing")
                .isEqualTo(java.util.List.of(1));
        http.delete()
                .uri("/api/shards/api-test")
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("ABANDONED");
    }

    @Test
    void badInputNamesTheFieldAndUnknownGroupsAre404() {
        expectProblem(post(JOIN, "{\"shards\": 0, \"generator\": \"\"}", true), 400, JOIN)
                .jsonPath("$.errors[*].field")
                .value(f -> assertThat(f.toString()).contains("shards", "generator"));
        expectProblem(post(JOIN, "{\"index\": 2, \"shards\": 2, \"generator\": \"gen-c:1\"}", true), 400, JOIN)
                .jsonPath("$.detail")
                .isEqualTo("index: must be below shards (2), not 2");
        expectProblem(post(JOIN, "{\"shards\": 2, \"generator\": \"gen-c:1\", \"idx\": 1}", true), 400, JOIN)
                .jsonPath("$.type")
                .isEqualTo("/problems/malformed-body");
        expectProblem(http.get().uri("/api/shards/nope").exchange(), 404, "/api/shards/nope")
                .jsonPath("$.type")
                .isEqualTo("/problems/unknown-shard-round");
        expectProblem(http.get().uri("/api/shards/nope/rounds/r1").exchange(), 404, "/api/shards/nope/rounds/r1");
        http.get().uri("/problems/shard-refused").exchange().expectStatus().isOk();
    }

    private RestTestClient.ResponseSpec post(String uri, String body, boolean credentials) {
        return http.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (credentials) {
                        h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD);
                    }
                })
                .body(body)
                .exchange();
    }
}
