package dev.echolab.stress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the load generator, {@code echo.stress.*}: a {@code POST /api/stress} (or a {@code run}) beyond them gets
 * a 400 (exit 2) naming the field. Validated at start-up.
 *
 * <p>The {@code @param} texts are plain sentences on purpose: the configuration processor copies them into
 * {@code META-INF/spring-configuration-metadata.json}, and an IDE shows them as they are.
 *
 * @param maxConnections   Most connections a stress request may ask for.
 * @param maxDuration      Longest durationSeconds, warmupSeconds and rampUpSeconds, and longest run by messages.
 * @param maxPayload       Largest payloadBytes of a stress request.
 * @param maxPipeline      Most messages in flight per connection (pipeline) a stress request may ask for.
 * @param maxRatePerSecond Highest ratePerSecond of an open-loop stress request.
 * @param history          Finished stress runs kept in memory when the history database refuses them.
 * @param allowedTargets   host:port addresses outside the app that a stress request's targets may name; none by
 *                         default.
 * @param maxIdleConnections Most silent connections (idleConnections) a stress request may ask for.
 * @param clientThreads    Load-generator threads a run uses when its request does not say; 0 means one per core,
 *                         but never more than the run has connections.
 */
@Validated
@ConfigurationProperties("echo.stress")
public record StressProperties(
        @DefaultValue("20000") @Min(1) int maxConnections,
        @DefaultValue("10m") @NotNull Duration maxDuration,
        @DefaultValue("1MB") @NotNull DataSize maxPayload,
        @DefaultValue("1024") @Min(1) int maxPipeline,
        @DefaultValue("1000000") @Min(1) int maxRatePerSecond,
        @DefaultValue("20") @Min(1) int history,
        @DefaultValue List<String> allowedTargets,
        @DefaultValue("20000") @Min(0) int maxIdleConnections,
        @DefaultValue("0") @Min(0) @Max(1024) int clientThreads) {}
