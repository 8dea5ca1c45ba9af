package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.server.ServerProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI description documents every call under /api, every answer with an example, and the Swagger UI is up. */
@EchoLabIntegrationTest
class OpenApiIntegrationTests {

    private static final Set<String> MUTATING = Set.of("post", "put", "patch", "delete");

    @Autowired
    private RestTestClient http;

    private JsonNode api;

    @BeforeEach
    void readDescription() {
        String json = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody();
        api = JsonMapper.builder().build().readTree(json);
    }

    @Test
    void describesEveryCallOfTheServersAndModelsApi() {
        assertThat(api.get("paths").propertyNames())
                .contains(
                        "/api/models",
                        "/api/servers",
                        "/api/servers/{model}",
                        "/api/servers/{model}/start",
                        "/api/servers/{model}/stop");
        JsonNode start = api.at("/paths/~1api~1servers~1{model}~1start/post");
        assertThat(start.get("responses").propertyNames())
                .contains("200", "400", "401", "404", "409", "413", "415", "500");
        assertThat(start.at("/requestBody/content/application~1json/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/StartRequest");
        JsonNode port = api.at("/components/schemas/StartRequest/properties/port");
        assertThat(port.get("minimum").asInt()).isZero();
        assertThat(port.get("maximum").asInt()).isEqualTo(65535);
        assertThat(port.get("description").asString()).contains("0 = any free port");
    }

    @Test
    void everyAnswerOfEveryCallUnderApiHasAnExample() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String call = operation.getKey().toUpperCase() + " " + path.getKey();
                assertThat(operation.getValue().get("summary"))
                        .as(call + " summary")
                        .isNotNull();
                JsonNode body = operation.getValue().get("requestBody");
                if (body != null) {
                    missing.addAll(withoutExample(call + " request", body.get("content")));
                }
                for (Map.Entry<String, JsonNode> answer :
                        operation.getValue().get("responses").properties()) {
                    JsonNode content = answer.getValue().get("content");
                    if (content == null) {
                        missing.add(call + " " + answer.getKey() + " has no content");
                    } else {
                        missing.addAll(withoutExample(call + " " + answer.getKey(), content));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void problemsAreDescribedAsTheyAreWritten() {
        JsonNode problem = api.at("/components/schemas/ProblemDetail");
        assertThat(problem.get("properties").propertyNames())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
        assertThat(problem.get("additionalProperties").asBoolean()).isTrue();
        String ref = api.at("/paths/~1api~1servers~1{model}/get/responses/404/content/application~1problem+json"
                        + "/examples/unknown-model/$ref")
                .asString();
        assertThat(ref).isEqualTo("#/components/examples/problem-unknown-model");
        assertThat(api.at(ref.substring(1) + "/value/type").asString())
                .isEqualTo(ServerProblemType.UNKNOWN_MODEL.uri().toString());
    }

    @Test
    void mutatingCallsDeclareBasicAuthAndTheir401() {
        assertThat(api.at("/components/securitySchemes/basic/scheme").asString())
                .isEqualTo("basic");
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (path.getKey().startsWith("/api/") && MUTATING.contains(operation.getKey())) {
                    String call = operation.getKey() + " " + path.getKey();
                    assertThat(operation.getValue().at("/security/0/basic").isArray())
                            .as(call)
                            .isTrue();
                    assertThat(operation
                                    .getValue()
                                    .at("/responses/401/content/application~1problem+json")
                                    .isObject())
                            .as(call)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void openCallsSayTheyNeedNoCredentialsAndSpringsErrorPathIsNotPartOfTheApi() {
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!MUTATING.contains(operation.getKey())) {
                    JsonNode security = operation.getValue().get("security");
                    assertThat(security)
                            .as(operation.getKey() + " " + path.getKey())
                            .isNotNull();
                    assertThat(security.isEmpty())
                            .as(operation.getKey() + " " + path.getKey())
                            .isTrue();
                }
            }
        }
        assertThat(api.get("paths").propertyNames()).doesNotContain("/error");
        assertThat(api.at("/servers/0/url").asString()).isEqualTo("/");
    }

    @Test
    void swaggerUiIsServed() {
        http.get()
                .uri("/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML);
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    private static List<String> withoutExample(String what, JsonNode content) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            if (media.getValue().get("example") == null && media.getValue().get("examples") == null) {
                missing.add(what + " " + media.getKey() + " has no example");
            }
        }
        return missing;
    }
}
