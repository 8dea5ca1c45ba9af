package dev.echolab.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the schemas springdoc derives from the records say what goes over the wire: a member that may be null says
 * so even when it is a record of its own, and every member of an answer is required, because a record writes every
 * component, null or not. A generated client and a linter's check of the examples then hold the API to that.
 */
final class OpenApiSchemas {

    private OpenApiSchemas() {}

    /**
     * {@code @Schema(nullable = true)} on a member whose type is a record of its own comes out as
     * {@code {$ref, type: null}}, which no value meets; what is meant is "that record, or null".
     */
    static void nullableReferences(Map<String, Schema> schemas) {
        for (Schema<?> schema : schemas.values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Schema<?> property : schema.getProperties().values()) {
                if (property.get$ref() != null
                        && property.getTypes() != null
                        && property.getTypes().contains("null")) {
                    Schema<?> record = new Schema<>().$ref(property.get$ref());
                    Schema<?> none = new Schema<>();
                    none.addType("null");
                    property.set$ref(null);
                    property.setTypes(null);
                    property.anyOf(List.of(record, none));
                }
            }
        }
    }

    /**
     * A member whose value is one of several alternatives ({@code @Schema(oneOf = ...)}, such as a target given as
     * {@code "host:port"} or as an object) gets {@code type: object} from swagger beside its {@code oneOf}, which a
     * string alternative can never meet: the alternatives alone say what the value may be.
     */
    static void alternativesAlone(Map<String, Schema> schemas) {
        schemas.values().forEach(OpenApiSchemas::alternativesAlone);
    }

    private static void alternativesAlone(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if ((schema.getOneOf() != null && !schema.getOneOf().isEmpty())
                || (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty())) {
            schema.setType(null);
            schema.setTypes(null);
        }
        alternativesAlone(schema.getItems());
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiSchemas::alternativesAlone);
        }
    }

    /**
     * Every member of a schema that only answers carry is required: it is always there (null where the schema allows
     * it). Schemas a request body uses are left alone, since a request may leave any field out; so is {@code except}.
     */
    static void answersAreComplete(OpenAPI openApi, String except) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> inRequests = new HashSet<>();
        openApi.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(operation -> {
                    if (operation.getRequestBody() != null
                            && operation.getRequestBody().getContent() != null) {
                        operation
                                .getRequestBody()
                                .getContent()
                                .values()
                                .forEach(media -> reachable(media.getSchema(), schemas, inRequests));
                    }
                }));
        schemas.forEach((name, schema) -> {
            if (!inRequests.contains(name) && !name.equals(except) && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        });
    }

    /** Adds to {@code names} every component schema {@code schema} refers to, directly or through others. */
    private static void reachable(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (names.add(name)) {
                reachable(schemas.get(name), schemas, names);
            }
            return;
        }
        reachable(schema.getItems(), schemas, names);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            reachable(values, schemas, names);
        }
        for (List<Schema> alternatives : Arrays.asList(schema.getAnyOf(), schema.getOneOf(), schema.getAllOf())) {
            if (alternatives != null) {
                alternatives.forEach(s -> reachable(s, schemas, names));
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> reachable(s, schemas, names));
        }
    }
}
