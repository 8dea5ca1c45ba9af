package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.ExampleFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every example of the OpenAPI document the app serves meets the schema it stands beside, as the Redocly lint of CI
 * checks ({@code no-invalid-media-type-examples}), so that a field added, renamed or retyped without its example fails
 * {@code verify}, not only CI. The schemas of OpenAPI 3.1 are JSON Schema 2020-12; a {@code $ref} to
 * {@code #/components/schemas/X} resolves because each schema is checked with the document's components beside it.
 */
@EchoLabIntegrationTest
class OpenApiExamplesIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String EXAMPLES = "#/components/examples/";

    @Autowired
    private RestTestClient http;

    private JsonNode api;

    @BeforeEach
    void readDescription() {
        api = JSON.readTree(http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody());
    }

    @Test
    void everyExampleMeetsItsSchema() {
        Set<String> used = new TreeSet<>();
        List<String> wrong = check(api, used);

        assertThat(used).as("examples checked").hasSizeGreaterThan(40);
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyExampleFileIsRegisteredAndUsed() {
        Set<String> used = new TreeSet<>();
        check(api, used);
        Set<String> files = new TreeSet<>();
        ExampleFiles.starting("").keySet().forEach(file -> files.add(file.substring(0, file.lastIndexOf('.'))));

        assertThat(api.get("components").get("examples").propertyNames()).containsExactlyInAnyOrderElementsOf(files);
        assertThat(used).as("examples the document refers to").isEqualTo(files);
    }

    /** The check is not one that cannot fail: an answer without a member its schema requires is caught. */
    @Test
    void anExampleWithoutARequiredMemberIsCaught() {
        ObjectNode broken = (ObjectNode) api.deepCopy();
        ((ObjectNode) broken.at("/components/examples/server-running/value")).remove("state");

        assertThat(check(broken, new TreeSet<>()))
                .anySatisfy(problem ->
                        assertThat(problem).contains("GET /api/servers/{model} 200", "server-running", "state"));
    }

    /** A reference to an example that is not there is caught too. */
    @Test
    void aReferenceToAMissingExampleIsCaught() {
        ObjectNode broken = (ObjectNode) api.deepCopy();
        ((ObjectNode) broken.get("components").get("examples")).remove("server-stopped");

        assertThat(check(broken, new TreeSet<>()))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("POST /api/servers/{model}/stop 200", "server-stopped", "no such example"));
    }

    /**
     * What is wrong with the examples of {@code api}'s request bodies and answers, one line each; {@code used}
     * collects the names of the component examples they refer to.
     */
    private static List<String> check(JsonNode api, Set<String> used) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String call = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode body = operation.getValue().at("/requestBody/content");
                body.properties().forEach(media -> check(api, call + " request " + media.getKey(), media, used, wrong));
                for (Map.Entry<String, JsonNode> answer :
                        operation.getValue().get("responses").properties()) {
                    answer.getValue()
                            .at("/content")
                            .properties()
                            .forEach(media -> check(
                                    api, call + " " + answer.getKey() + " " + media.getKey(), media, used, wrong));
                }
            }
        }
        return wrong;
    }

    private static void check(
            JsonNode api, String where, Map.Entry<String, JsonNode> media, Set<String> used, List<String> wrong) {
        JsonNode schema = media.getValue().get("schema");
        if (schema == null) {
            wrong.add(where + ": no schema");
            return;
        }
        Map<String, JsonNode> examples = new java.util.LinkedHashMap<>();
        if (media.getValue().has("example")) {
            examples.put("example", media.getValue().get("example"));
        }
        for (Map.Entry<String, JsonNode> example :
                media.getValue().path("examples").properties()) {
            JsonNode value = example.getValue().get("value");
            if (example.getValue().has("$ref")) {
                String ref = example.getValue().get("$ref").asString();
                String name = ref.startsWith(EXAMPLES) ? ref.substring(EXAMPLES.length()) : ref;
                used.add(name);
                value = api.at("/components/examples/" + name + "/value");
                if (value.isMissingNode()) {
                    wrong.add(where + " " + example.getKey() + ": " + ref + " refers to no such example");
                    continue;
                }
            }
            examples.put(
                    example.getKey() + " (" + example.getValue().path("$ref").asString("inline") + ")", value);
        }
        Schema validator = SCHEMAS.getSchema(withComponents(schema, api));
        examples.forEach((name, value) -> validator
                .validate(value)
                .forEach(error -> wrong.add(
                        where + " " + name + ": " + error.getMessage() + " at " + error.getInstanceLocation())));
    }

    /** {@code schema} with the document's components beside it, where its {@code #/components/...} refs point. */
    private static JsonNode withComponents(JsonNode schema, JsonNode api) {
        ObjectNode standalone = (ObjectNode) schema.deepCopy();
        standalone.set("components", api.get("components"));
        return standalone;
    }
}
