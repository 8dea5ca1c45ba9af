package dev.echolab.server;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The examples of {@code GET /api/models} in the OpenAPI document, rendered from {@link IoModel} as the call itself
 * renders it (every model, on its default port), so that the document cannot drift from the models; the committed
 * docs/openapi.json is checked against what the app serves.
 */
@Component
class ModelsApiExamples implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        List<ModelView> every = Arrays.stream(IoModel.values())
                .map(m -> ModelView.of(m, m.defaultPort()))
                .toList();
        openApi.getPaths()
                .get("/api/models")
                .getGet()
                .getResponses()
                .get("200")
                .getContent()
                .get(MediaType.APPLICATION_JSON_VALUE)
                .setExample(every);
        Schema<?> schema = openApi.getComponents().getSchemas().get(ModelView.class.getSimpleName());
        Map<?, ?> first = Json.mapper().convertValue(every.getFirst(), Map.class);
        schema.getProperties().forEach((name, property) -> property.setExample(first.get(name)));
    }
}
