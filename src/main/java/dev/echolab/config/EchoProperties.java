package dev.echolab.config;

import dev.echolab.server.IoModel;
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
 * Everything under {@code echo.*}. Validated at start-up: an impossible value stops the app with a message that
 * names the property.
 *
 * @param bindAddress    where every echo server listens (compose sets 0.0.0.0)
 * @param autostart      start every enabled server at boot
 * @param maxConnections connections one server serves at once; the excess is refused and counted
 * @param idleTimeout    a connection silent this long is closed
 * @param shutdownGrace  how long a stopping server lets connections drain before closing them
 * @param bufferSize     the most one connection may hold unsent before the server stops reading it
 * @param servers        per model, keyed by id: {@code echo.servers.thread-pool.threads=32}
 * @param stress         limits of the load generator
 * @param api            credentials for the mutating API calls
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
        Map<String, @Valid ServerProperties> servers,
        @DefaultValue @Valid StressProperties stress,
        @DefaultValue @Valid ApiProperties api) {

    public EchoProperties {
        servers = servers == null ? Map.of() : Map.copyOf(servers);
    }

    /** Settings of one model's server, all optional. */
    public record ServerProperties(
            @Min(0) @Max(65535) Integer port,
            @DefaultValue("true") boolean enabled,
            @Positive @Max(4096) Integer threads,
            @DefaultValue("false") boolean spin) {
    }

    /**
     * Limits of {@code POST /api/stress}: a request beyond them gets a 400 naming the field.
     * {@code clientThreads} is how many load-generator threads a run uses when its request does not say; 0 means
     * one per core, but never more than the run has connections.
     */
    public record StressProperties(
            @DefaultValue("20000") @Min(1) int maxConnections,
            @DefaultValue("10m") @NotNull Duration maxDuration,
            @DefaultValue("1MB") @NotNull DataSize maxPayload,
            @DefaultValue("1024") @Min(1) int maxPipeline,
            @DefaultValue("1000000") @Min(1) int maxRatePerSecond,
            @DefaultValue("20") @Min(1) int history,
            @DefaultValue("") java.util.List<String> allowedTargets,
            @DefaultValue("20000") @Min(0) int maxIdleConnections,
            @DefaultValue("0") @Min(0) @Max(1024) int clientThreads) {
    }

    /**
     * HTTP Basic credentials for POST and DELETE calls.
     *
     * @param username user name, {@code admin} by default
     * @param password password (env {@code ECHO_API_PASSWORD}); when empty, one is generated and logged at start-up
     */
    public record ApiProperties(@DefaultValue("admin") String username, String password) {
    }

    @AssertTrue(message = "keys of echo.servers must be model ids (blocking, thread-pool, ...)")
    boolean isEveryServerKeyAModelId() {
        return servers.keySet().stream().allMatch(id -> IoModel.byId(id).isPresent());
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
