package dev.echolab.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.server.IoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration processor cannot see into {@code echo.servers} (a map keyed by model id), so its properties are
 * described in {@code META-INF/additional-spring-configuration-metadata.json}, which the processor merges into the
 * jar's metadata: {@code echo.servers.<id>.*} for every model, with the default it binds to, and the model ids as
 * the keys an IDE offers. Those entries come from {@link IoModel} and this test; after adding a model or a setting,
 * rewrite them with {@value #REGENERATE}. Other entries of the file are written by hand and kept as they are.
 */
class ServerMetadataTests {

    static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    static final String REGENERATE = "./mvnw test -Dtest=ServerMetadataTests -Dmetadata.write=true";
    private static final String SERVERS = "echo.servers.";
    private static final String KEYS_HINT = "echo.servers.keys";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What each setting of {@code echo.servers.<id>} does, for model {@code %s}. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "port",
            "Port the %s echo server listens on; 0 takes any free port.",
            "enabled",
            "Whether the %s echo server starts with the app (when echo.autostart is true).",
            "threads",
            "Threads of %s where the model has a pool, reactors or workers (GET /api/models says which threads it "
                    + "uses; models without any ignore it). When unset: one per core (thread-pool: 32).",
            "spin",
            "Poll flat out, never parking after an empty pass; only non-blocking reads it.");

    @Test
    void theCommittedMetadataDescribesEveryModelsServerSettings() throws IOException {
        ObjectNode expected = expected(Files.exists(FILE) ? (ObjectNode) JSON.readTree(FILE) : JSON.createObjectNode());
        if (Boolean.getBoolean("metadata.write")) {
            Files.writeString(FILE, JSON.writeValueAsString(expected) + "\n");
        }
        assertThat(FILE).as("%s is missing; write it with %s", FILE, REGENERATE).exists();
        JsonNode committed = JSON.readTree(FILE);
        assertThat(differences(committed, expected))
                .as(
                        "entries of %s that are not what IoModel and the bound defaults give; rewrite it with %s",
                        FILE, REGENERATE)
                .isEmpty();
        assertThat(committed)
                .as("%s, whole; rewrite it with %s", FILE, REGENERATE)
                .isEqualTo(expected);
    }

    /** The names of the entries (properties and hints) that are missing, extra or different. */
    private static Set<String> differences(JsonNode committed, JsonNode expected) {
        Set<String> differences = new TreeSet<>();
        for (String section : List.of("properties", "hints")) {
            Map<String, JsonNode> before = byName(committed.path(section));
            Map<String, JsonNode> now = byName(expected.path(section));
            Set<String> names = new TreeSet<>(before.keySet());
            names.addAll(now.keySet());
            names.stream()
                    .filter(n -> !Objects.equals(before.get(n), now.get(n)))
                    .forEach(differences::add);
        }
        return differences;
    }

    private static Map<String, JsonNode> byName(JsonNode entries) {
        Map<String, JsonNode> byName = new TreeMap<>();
        entries.forEach(e -> byName.put(e.path("name").asString(), e));
        return byName;
    }

    /** The file as it should be: its hand-written entries, then one per model and setting, sorted by name. */
    private static ObjectNode expected(ObjectNode committed) {
        List<JsonNode> properties = StreamSupport.stream(
                        committed.path("properties").spliterator(), false)
                .filter(p -> !p.path("name").asString().startsWith(SERVERS))
                .toList();
        ArrayNode allProperties = JSON.createArrayNode().addAll(properties);
        for (BoundProperties.Property bound : BoundProperties.all()) {
            if (bound.name().startsWith(SERVERS)) {
                allProperties.add(describe(bound));
            }
        }
        ObjectNode file = JSON.createObjectNode();
        file.set("properties", sorted(allProperties));
        ArrayNode hints = JSON.createArrayNode();
        StreamSupport.stream(committed.path("hints").spliterator(), false)
                .filter(h -> !h.path("name").asString().equals(KEYS_HINT))
                .forEach(hints::add);
        ObjectNode keys = hints.addObject().put("name", KEYS_HINT);
        ArrayNode values = keys.putArray("values");
        for (IoModel model : IoModel.values()) {
            values.addObject().put("value", model.id()).put("description", model.title());
        }
        file.set("hints", sorted(hints));
        return file;
    }

    private static ObjectNode describe(BoundProperties.Property bound) {
        String[] parts = bound.name().substring(SERVERS.length()).split("\\.", 2);
        IoModel model = IoModel.byId(parts[0]).orElseThrow();
        String setting = parts[1];
        String description = DESCRIPTIONS.get(setting);
        assertThat(description)
                .as("a description of echo.servers.<id>.%s in %s.DESCRIPTIONS", setting, ServerMetadataTests.class)
                .isNotNull();
        ObjectNode property = JSON.createObjectNode()
                .put("name", bound.name())
                .put(
                        "type",
                        ClassUtils.resolvePrimitiveIfNecessary(bound.type().toClass())
                                .getName())
                .put("description", description.formatted(model.id()));
        // An unset port is the model's own (EchoProperties.port); other settings default to what they bind to.
        Object value = setting.equals("port") && bound.value() == null ? model.defaultPort() : bound.value();
        if (value != null) {
            property.set("defaultValue", JSON.valueToTree(value));
        }
        return property;
    }

    private static ArrayNode sorted(ArrayNode nodes) {
        List<JsonNode> list = StreamSupport.stream(nodes.spliterator(), false)
                .sorted(Comparator.comparing(n -> n.path("name").asString()))
                .toList();
        return JSON.createArrayNode().addAll(list);
    }
}
