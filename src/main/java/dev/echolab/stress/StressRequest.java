package dev.echolab.stress;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What to load and how: the body of {@code POST /api/stress}, and the {@code request} of every run's JSON with its
 * defaults filled in. Every field is optional except one of {@code models} / {@code targets}; the defaults are the
 * note's experiment (docs/the-note.md): 500 connections sending 64-byte messages ping-pong for 10 s (after 2 s of
 * warm-up).
 *
 * @param models                ids of this process's own servers, loaded one after another with the same profile;
 *                              each at most once (a model measured again is {@code repeats})
 * @param targets               other servers, {@code "host:port"} or {@code {"address": "host:port", "model": "netty"}},
 *                              allowed only when the address is listed exactly in
 *                              {@code echo.stress.allowed-targets}; loaded after {@code models}
 * @param connections           connections opened against each server
 * @param payloadBytes          bytes per message
 * @param durationSeconds       how long each server is measured (after ramp-up and warm-up); default 10, left
 *                              empty when {@code messagesPerConnection} ends the run instead
 * @param messagesPerConnection measured messages each connection sends, instead of a duration
 * @param warmupSeconds         load before measuring, excluded from every figure
 * @param pipeline              messages in flight per connection in the closed loop (1 = ping-pong)
 * @param ratePerSecond         open loop: messages per second across all connections, sent on schedule whether
 *                              or not earlier ones came back; latency counts from each message's intended send time
 * @param rampUpSeconds         connections are opened evenly over this time, before warm-up
 * @param connectTimeoutMs      a connect that takes longer fails (connectTimeout)
 * @param responseTimeoutMs     a connection that waits this long for any echoed byte is given up (responseTimeout)
 * @param idleConnections       extra connections that connect and stay silent for the whole run (the cost of
 *                              connections that do nothing), counted in {@code connections.idleHeld}
 * @param threads               load-generator threads; default {@code echo.stress.client-threads}
 * @param repeats               how many times each model is measured, interleaved (A B A B …), each repeat a result
 *                              of its own, so that one request gives a set of runs a comparison can judge; default 1
 */
@StressLimits
public record StressRequest(
        List<@NotBlank String> models,

        @ArraySchema(schema = @Schema(oneOf = {String.class, StressTargetSchema.class})) @Size(max = 64)
        List<@NotNull @Valid StressTarget> targets,

        @Min(1) Integer connections,
        @Min(1) Integer payloadBytes,
        @Positive Double durationSeconds,
        @Positive Long messagesPerConnection,
        @PositiveOrZero Double warmupSeconds,
        @Min(1) Integer pipeline,
        @Positive Integer ratePerSecond,
        @PositiveOrZero Double rampUpSeconds,
        @Min(1) @Max(600_000) Integer connectTimeoutMs,
        @Min(1) @Max(600_000) Integer responseTimeoutMs,
        @PositiveOrZero Integer idleConnections,
        @Min(1) @Max(1024) Integer threads,
        @Min(1) @Max(20) Integer repeats) {

    public StressRequest {
        models = models == null ? List.of() : List.copyOf(models);
        targets = targets == null ? List.of() : List.copyOf(targets);
        connections = connections == null ? 500 : connections;
        payloadBytes = payloadBytes == null ? 64 : payloadBytes;
        if (durationSeconds == null && messagesPerConnection == null) {
            durationSeconds = 10.0;
        }
        warmupSeconds = warmupSeconds == null ? 2.0 : warmupSeconds;
        pipeline = pipeline == null ? 1 : pipeline;
        rampUpSeconds = rampUpSeconds == null ? 0.0 : rampUpSeconds;
        connectTimeoutMs = connectTimeoutMs == null ? 5_000 : connectTimeoutMs;
        responseTimeoutMs = responseTimeoutMs == null ? 2_000 : responseTimeoutMs;
        idleConnections = idleConnections == null ? 0 : idleConnections;
        repeats = repeats == null ? 1 : repeats;
    }

    /** The request without {@code idleConnections} and {@code threads}, with targets as {@code host:port}. */
    public StressRequest(
            List<String> models,
            List<String> targets,
            Integer connections,
            Integer payloadBytes,
            Double durationSeconds,
            Long messagesPerConnection,
            Double warmupSeconds,
            Integer pipeline,
            Integer ratePerSecond,
            Double rampUpSeconds,
            Integer connectTimeoutMs,
            Integer responseTimeoutMs) {
        this(
                models,
                targets == null ? null : targets.stream().map(StressTarget::of).toList(),
                connections,
                payloadBytes,
                durationSeconds,
                messagesPerConnection,
                warmupSeconds,
                pipeline,
                ratePerSecond,
                rampUpSeconds,
                connectTimeoutMs,
                responseTimeoutMs,
                null,
                null,
                null);
    }

    /** The defaults, against these models. */
    public static StressRequest of(List<String> models) {
        return new StressRequest(models, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Open loop: messages go out on a schedule at {@link #ratePerSecond()}. */
    public boolean openLoop() {
        return ratePerSecond != null;
    }

    /**
     * The object form of a target in {@code targets}, for the OpenAPI description only ({@link StressTarget} reads
     * and writes it, and a plain {@code "host:port"} string too).
     *
     * @param address {@code host:port}; must be listed exactly in {@code echo.stress.allowed-targets}
     * @param model   the model that serves there, for results and metric tags; null when not said
     */
    @Schema(name = "StressTarget", description = "A target that names the model serving there")
    record StressTargetSchema(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "127.0.0.1:7009")
            String address,

            @Schema(nullable = true, example = "netty", pattern = StressTarget.MODEL_ID)
            String model) {}
}
