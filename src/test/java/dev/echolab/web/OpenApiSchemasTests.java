package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema fixes on documents built by hand, shaped as swagger shapes them from records. */
class OpenApiSchemasTests {

    @Test
    void aNullableRecordMemberIsThatRecordOrNull() {
        Schema<?> live = new Schema<>().$ref("#/components/schemas/Live");
        live.addType("null");
        Map<String, Schema> schemas = Map.of("StressRun", new ObjectSchema().addProperty("live", live));

        OpenApiSchemas.nullableReferences(schemas);

        assertThat(live.get$ref()).isNull();
        assertThat(live.getTypes()).isNull();
        assertThat(live.getAnyOf()).extracting(Schema::get$ref).containsExactly("#/components/schemas/Live", null);
        assertThat(live.getAnyOf().get(1).getTypes()).containsExactly("null");
    }

    @Test
    void alternativesStandWithoutATypeBesideThem() {
        Schema<?> target = new ObjectSchema()
                .oneOf(List.of(new StringSchema(), new Schema<>().$ref("#/components/schemas/StressTarget")));
        target.setTypes(Set.of("object"));
        Map<String, Schema> schemas =
                Map.of("StressRequest", new ObjectSchema().addProperty("targets", new ArraySchema().items(target)));

        OpenApiSchemas.alternativesAlone(schemas);

        assertThat(target.getType()).isNull();
        assertThat(target.getTypes()).isNull();
        assertThat(target.getOneOf()).hasSize(2);
    }

    @Test
    void everyMemberOfAnAnswerIsRequiredButNothingOfARequest() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(
                "StressRun",
                new ObjectSchema()
                        .addProperty("id", new StringSchema())
                        .addProperty("request", new Schema<>().$ref("#/components/schemas/StressRequest")));
        schemas.put(
                "StressRequest",
                new ObjectSchema()
                        .addProperty(
                                "targets",
                                new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Target"))));
        schemas.put("Target", new ObjectSchema().addProperty("address", new StringSchema()));
        schemas.put("ProblemDetail", new ObjectSchema().addProperty("detail", new StringSchema()));
        Operation start = new Operation()
                .requestBody(new RequestBody()
                        .content(new Content()
                                .addMediaType(
                                        "application/json",
                                        new MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/StressRequest")))));
        OpenAPI api = new OpenAPI()
                .components(new Components().schemas(schemas))
                .paths(new Paths().addPathItem("/api/stress", new PathItem().post(start)));

        OpenApiSchemas.answersAreComplete(api, "ProblemDetail");

        assertThat(schemas.get("StressRun").getRequired()).containsExactly("id", "request");
        assertThat(schemas.get("StressRequest").getRequired()).isNull();
        assertThat(schemas.get("Target").getRequired()).isNull();
        assertThat(schemas.get("ProblemDetail").getRequired()).isNull();
    }
}
