package dev.echolab.server;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The echo servers' settings, {@code echo.*} (the load generator's limits, {@code echo.stress.*}, are
 * {@code StressProperties} of the stress package; the API's user, {@code echo.api.*}, is the web package's). Validated
 * at start-up: an impossible value stops the app with a message that
 * names the property.
 *
 * <p>The {@code @param} texts below are plain sentences on purpose: the configuration processor copies them into
 * {@code META-INF/spring-configuration-metadata.json}, and an IDE shows them as they are.
 *
 * @param bindAddress    Address every echo server listens on: 127.0.0.1 keeps them local; the container sets 0.0.0.0.
 * @param autostart      Whether every enabled echo server starts with the app.
 * @param maxConnections Connections one echo server serves at once; the excess is accepted, closed at once and counted.
 * @param idleTimeout    A connection whose reads and writes make no progress this long is closed and counted; 0 means never.
 * @param shutdownGrace  How long a stopping echo server lets its connections drain before it closes them.
 * @param bufferSize     The most one connection may hold unsent; the server stops reading it until that drains.
 * @param servers        Settings per model, keyed by model id (blocking, thread-pool, ...): port, enabled, threads and
 *                       spin, e.g. echo.servers.thread-pool.threads=32. A model with none set runs on its default port.
 */
@Validated
@ConfigurationProperties("echo")
public record EchoProperties(
        @DefaultValue("127.0.0.1") @NotNull InetAddress bindAddress,
        @DefaultValue("true") boolean autostart,
        @DefaultValue("16384") @Min(1) @Max(1_000_000) int maxConnections,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("2s") @NotNull Duration shutdownGrace,
        @DefaultValue("64KB") @NotNull DataSize bufferSize,
        Map<String, @Valid ServerProperties> servers) {

    public EchoProperties {
        servers = servers == null ? Map.of() : Map.copyOf(servers);
    }

    /**
     * Settings of one model's server, all optional.
     *
     * @param port    Port the model listens on (0 = any free port); its default port when unset.
     * @param enabled Whether the model starts with the app (when echo.autostart is true).
     * @param threads Pool size, reactor count or worker count of the models that have one; cores when unset.
     * @param spin    non-blocking only: poll flat out, never parking after an empty pass.
     */
    public record ServerProperties(
            @Min(0) @Max(65535) Integer port,
            @DefaultValue("true") boolean enabled,
            @Positive @Max(4096) Integer threads,
            @DefaultValue("false") boolean spin) {}

    @AssertTrue(message = "keys of echo.servers must be model ids (blocking, thread-pool, ...)")
    boolean isEveryServerKeyAModelId() {
        return servers.keySet().stream().allMatch(id -> IoModel.byId(id).isPresent());
    }

    @AssertTrue(message = "echo.idle-timeout must be 0s (never time out) or positive")
    boolean isIdleTimeoutZeroOrPositive() {
        return !idleTimeout.isNegative();
    }

    @AssertTrue(message = "echo.buffer-size must be between 1KB and 16MB")
    boolean isBufferSizeSane() {
        return bufferSize.toBytes() >= 1024 && bufferSize.toBytes() <= 16 * 1024 * 1024;
    }

    /** The settings of one model's server. */
    public ServerProperties server(IoModel model) {
        return servers.getOrDefault(model.id(), new ServerProperties(null, true, null, false));
    }

    /** The port a model listens on unless a start asks for another: {@code echo.servers.<id>.port} or its default. */
    public int port(IoModel model) {
        Integer port = server(model).port();
        return port != null ? port : model.defaultPort();
    }
}
