package dev.echolab.server;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue of IO models, straight from {@link IoModel}: a model added there shows up here. */
@RestController
@Tag(name = "models", description = "The IO models Echo Lab hosts")
class ModelsController {

    private final EchoServers servers;

    ModelsController(EchoServers servers) {
        this.servers = servers;
    }

    @GetMapping(path = "/api/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "listModels",
            summary = "List every model",
            description = "Every IO model: id, title, traits (clients served at once, what serves a client, which "
                    + "threads do the IO, transport), how it works, the threads it uses, where it blocks, its configured "
                    + "and default port and the idea of the note on Python socket IO models it shows.")
    @ApiResponse(
            responseCode = "200",
            description = "Every model, in the order of IoModel",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = ModelView.class))))
    List<ModelView> models() {
        return Arrays.stream(IoModel.values())
                .map(m -> ModelView.of(m, servers.configuredPort(m)))
                .toList();
    }
}
