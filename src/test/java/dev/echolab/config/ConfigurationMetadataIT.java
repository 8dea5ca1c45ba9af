package dev.echolab.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.PackagedJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar carries the configuration metadata an IDE reads (completion, descriptions, warnings for a misspelt
 * key) for exactly the {@code echo.*} properties the app binds ({@link BoundProperties}), each with a description
 * and the default it really has. Runs after {@code package} (failsafe), on the jar itself.
 */
class ConfigurationMetadataIT {

    // Boot moves META-INF of the application classes to the root of the jar, where tools look for it.
    private static final String ENTRY = "META-INF/spring-configuration-metadata.json";

    private final Map<String, JsonNode> described = describedProperties(PackagedJar.path());
    private final Map<String, BoundProperties.Property> bound = BoundProperties.all().stream()
            .collect(Collectors.toMap(BoundProperties.Property::name, p -> p, (a, b) -> a, TreeMap::new));

    ConfigurationMetadataIT() throws IOException {}

    @Test
    void theJarDescribesEveryPropertyTheAppBindsAndNoOther() {
        assertThat(described.keySet())
                .as("echo.* properties in the jar's metadata, against those the app binds")
                .containsExactlyInAnyOrderElementsOf(bound.keySet());
        assertThat(described)
                .allSatisfy((name, property) -> assertThat(
                                property.path("description").asString(""))
                        .as("description of %s", name)
                        .isNotBlank()
                        .doesNotContain("{@"));
    }

    @Test
    void eachDefaultIsTheValueTheAppBindsWithNoConfiguration() {
        assertThat(bound.values()).allSatisfy(property -> {
            JsonNode metadata = described.get(property.name());
            assertThat(metadata).as("metadata of %s", property.name()).isNotNull();
            JsonNode defaultValue = metadata.get("defaultValue");
            // An empty list or map has no default to show, as a property without a value has none.
            if (hasValue(property.value())) {
                assertThat(defaultValue)
                        .as("defaultValue of %s (it binds to %s)", property.name(), property.value())
                        .isNotNull();
                assertThat(convert(defaultValue, property.type()))
                        .as("defaultValue %s of %s", defaultValue, property.name())
                        .isEqualTo(property.value());
            }
        });
    }

    private static boolean hasValue(Object value) {
        return value != null
                && !(value instanceof Collection<?> c && c.isEmpty())
                && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    /**
     * A metadata default as the property's own type, converted by a binder as the app's value is: "5m" as a Duration,
     * "./data/outbox" as a Path, [] or "" as an empty list.
     */
    private static Object convert(JsonNode defaultValue, ResolvableType type) {
        String text = defaultValue.isArray()
                ? StreamSupport.stream(defaultValue.spliterator(), false)
                        .map(JsonNode::asString)
                        .collect(Collectors.joining(","))
                : defaultValue.asString();
        return new Binder(new MapConfigurationPropertySource(Map.of("default", text)))
                .bindOrCreate("default", Bindable.of(type));
    }

    /** Every {@code echo.*} property in the jar's metadata, by name. */
    private static Map<String, JsonNode> describedProperties(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry(ENTRY);
            assertThat(entry).as("%s in %s", ENTRY, jar.getFileName()).isNotNull();
            JsonNode metadata;
            try (InputStream in = file.getInputStream(entry)) {
                metadata = JsonMapper.builder().build().readTree(in);
            }
            Map<String, JsonNode> described = new TreeMap<>();
            for (JsonNode property : metadata.path("properties")) {
                String name = property.path("name").asString();
                if (name.startsWith("echo.")) {
                    described.put(name, property);
                }
            }
            return described;
        }
    }
}
