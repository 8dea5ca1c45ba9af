package dev.echolab.server;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The optional body of {@code POST /api/servers/{model}/start}. An unknown field is a 400
 * ({@code spring.jackson.deserialization.fail-on-unknown-properties}), so a typo such as {@code "prot"} does not
 * silently start on the configured port.
 */
@Schema(description = "Where to listen. Omit the body (or the port) to use the configured port.")
record StartRequest(
        @Schema(
                description = "Port to listen on from now on; 0 = any free port (the answer says which)",
                minimum = "0",
                maximum = "65535",
                example = "17003",
                nullable = true)
        @Min(value = 0, message = PORT_RANGE)
        @Max(value = 65535, message = PORT_RANGE)
        Integer port) {

    static final String PORT_RANGE = "must be between 0 and 65535 (0 = any free port)";
}
