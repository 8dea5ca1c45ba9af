package dev.echolab.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The examples of the OpenAPI document, one file each under {@code src/main/resources/openapi/examples/}, registered
 * once as {@code #/components/examples/<file name without extension>}; an annotation refers to one with
 * {@code @ExampleObject(name = "...", ref = "<name>")}. A {@code .json} file is the example's value; any other file
 * (a Markdown table, a CSV, an event stream) is its text. An object {@code {"$ref": "other.json"}} inside a JSON file
 * stands for that file's value, so that a list answer shows examples kept once.
 */
@Component
class OpenApiExamples implements OpenApiCustomizer {

    static final String DIRECTORY = "openapi/examples/";

    private final Map<String, Object> values;

    OpenApiExamples() {
        this.values = Collections.unmodifiableMap(load());
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        values.forEach((name, value) -> openApi.getComponents().addExamples(name, new Example().value(value)));
    }

    /** The value of the example {@code name}, or null when there is no such file. */
    Object value(String name) {
        return values.get(name);
    }

    private static Map<String, Object> load() {
        Map<String, Resource> files = new TreeMap<>();
        try {
            for (Resource file :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:" + DIRECTORY + "*")) {
                files.put(file.getFilename(), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the OpenAPI examples in " + DIRECTORY, e);
        }
        Map<String, Object> values = new TreeMap<>();
        files.forEach((file, resource) -> {
            if (values.put(file.substring(0, file.lastIndexOf('.')), value(file, resource, files)) != null) {
                throw new IllegalStateException(
                        DIRECTORY + " holds two files named " + file + " but for the extension");
            }
        });
        return values;
    }

    private static Object value(String file, Resource resource, Map<String, Resource> files) {
        String text = read(resource);
        if (!file.endsWith(".json")) {
            return text;
        }
        try {
            return inline(Json.mapper().readTree(text), files);
        } catch (JacksonException e) {
            throw new IllegalStateException(DIRECTORY + file + " is not JSON", e);
        }
    }

    /** {@code node} with every {@code {"$ref": "other.json"}} in it replaced by that file's value. */
    private static JsonNode inline(JsonNode node, Map<String, Resource> files) throws JacksonException {
        if (node.isObject() && node.size() == 1 && node.has("$ref")) {
            String other = node.get("$ref").asText();
            Resource resource = files.get(other);
            if (resource == null) {
                throw new IllegalStateException("An example refers to " + DIRECTORY + other + ", which is not there");
            }
            return inline(Json.mapper().readTree(read(resource)), files);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, inline(array.get(i), files));
            }
        } else if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, inline(object.get(name), files));
            }
        }
        return node;
    }

    private static String read(Resource resource) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
