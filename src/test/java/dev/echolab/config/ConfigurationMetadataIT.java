package dev.echolab.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.PackagedJar;
import dev.echolab.web.ApiProperties;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar carries the configuration metadata an IDE reads (completion, descriptions, warnings for a misspelt
 * key), with a description for every {@code echo.*} property. Runs after {@code package} (failsafe), on the jar itself.
 */
class ConfigurationMetadataIT {

    // Boot moves META-INF of the application classes to the root of the jar, where tools look for it.
    private static final String ENTRY = "META-INF/spring-configuration-metadata.json";

    @Test
    void theJarDescribesEveryEchoProperty() throws IOException {
        Map<String, String> described = describedProperties(PackagedJar.path());

        assertThat(described.keySet())
                .as("every property of the echo.* records")
                .containsAll(propertiesOf(EchoProperties.class, "echo"))
                .containsAll(propertiesOf(ApiProperties.class, "echo.api"));
        assertThat(described)
                .allSatisfy((name, description) -> assertThat(description)
                        .as("description of %s", name)
                        .isNotBlank()
                        .doesNotContain("{@"));
    }

    /** Every {@code echo.*} property in the jar's metadata, with its description ("" when it has none). */
    private static Map<String, String> describedProperties(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry(ENTRY);
            assertThat(entry).as("%s in %s", ENTRY, jar.getFileName()).isNotNull();
            JsonNode metadata;
            try (InputStream in = file.getInputStream(entry)) {
                metadata = JsonMapper.builder().build().readTree(in);
            }
            Map<String, String> described = new TreeMap<>();
            for (JsonNode property : metadata.path("properties")) {
                String name = property.path("name").asString();
                if (name.startsWith("echo.")) {
                    described.put(name, property.path("description").asString(""));
                }
            }
            return described;
        }
    }

    /** The property names a record binds: nested records of the app are groups, anything else (a map too) is one. */
    private static List<String> propertiesOf(Class<?> record, String prefix) {
        var names = new ArrayList<String>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord() && type.getPackageName().startsWith("dev.echolab")) {
                names.addAll(propertiesOf(type, name));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
