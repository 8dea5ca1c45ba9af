package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/openapi.json} is the API's contract (the generated client is built from it): it must be exactly what
 * the app serves at {@code /v3/api-docs}, so that a change to the API is a visible change to that file. After a
 * deliberate change, rewrite the file with the command in docs/openapi.md:
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true}.
 */
@EchoLabIntegrationTest
class OpenApiDocumentTests {

    static final Path DOCUMENT = Path.of("docs", "openapi.json");
    private static final String REGENERATE = "./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true";
    private static final int SHOWN = 25;

    /** Sorted keys and two-space indents: the same API always gives the same bytes, and a change a small diff. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    @Autowired
    private RestTestClient http;

    @Test
    void theCommittedDocumentIsWhatTheAppServes() throws IOException {
        String body = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody();
        JsonNode served = JSON.readTree(body);
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(DOCUMENT, JSON.writeValueAsString(served) + "\n");
        }
        assertThat(DOCUMENT)
                .as("%s is missing; write it with %s", DOCUMENT, REGENERATE)
                .exists();

        List<String> differences = new ArrayList<>();
        compare("", JSON.readTree(Files.readString(DOCUMENT)), served, differences);

        assertThat(differences)
                .as(
                        "%s is not what /v3/api-docs serves (%d differences, JSON pointers below, the first %d shown). "
                                + "If the API changed on purpose, regenerate the file with %s and commit it.",
                        DOCUMENT, differences.size(), SHOWN, REGENERATE)
                .isEmpty();
    }

    /** Where {@code committed} and {@code served} differ, as JSON pointers with both values; at most SHOWN. */
    private static void compare(String at, JsonNode committed, JsonNode served, List<String> out) {
        if (out.size() >= SHOWN || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>(committed.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
                JsonNode before = committed.get(name);
                JsonNode now = served.get(name);
                if (before == null) {
                    out.add("added   " + pointer + " = " + brief(now));
                } else if (now == null) {
                    out.add("removed " + pointer + " (was " + brief(before) + ")");
                } else {
                    compare(pointer, before, now, out);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            for (int i = 0; i < committed.size(); i++) {
                compare(at + "/" + i, committed.get(i), served.get(i), out);
            }
        } else if (out.size() < SHOWN) {
            out.add("changed " + (at.isEmpty() ? "/" : at) + ": file has " + brief(committed) + ", app serves "
                    + brief(served));
        }
    }

    private static String brief(JsonNode node) {
        String text = node.toString();
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
