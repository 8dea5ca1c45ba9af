package dev.echolab.stress;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A server outside this process, in a request's {@code targets}: {@code "host:port"}, or
 * {@code {"address": "host:port", "model": "netty"}} to say which model serves there, so that its results and the
 * load generator's metrics carry that model's name and a dashboard can join them with the server's own.
 *
 * @param address {@code host:port}; must be listed exactly in {@code echo.stress.allowed-targets}
 * @param model   what serves there, for results and metric tags; null when not said
 */
public record StressTarget(
        @NotBlank String address,

        @Pattern(
                regexp = "[a-z0-9][a-z0-9-]{0,39}",
                message = "must be a model id: lower-case letters, digits and '-', at most 40")
        String model) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public StressTarget {}

    /** A plain {@code "host:port"}, as requests gave it before targets could name their model. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static StressTarget of(String address) {
        return new StressTarget(address, null);
    }

    /** What a result and a metric tag call it: the model when named, else the address. */
    public String label() {
        return model == null ? address : model;
    }

    /** Written back as it came: a plain string when no model is named. */
    @JsonValue
    Object json() {
        return model == null ? address : java.util.Map.of("address", address, "model", model);
    }
}
