package dev.echolab.shards;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code echo.shards.*}: the coordinator of sharded runs ({@code run --coordinator}), in the service.
 *
 * @param startLead     how far ahead of the moment the last generator is ready the start instant is set: room for
 *                      every generator to hear of it (they ask every 200 ms) and for their clocks to differ a little
 * @param joinTimeout   how long a round waits for all its generators to join and be ready before it is abandoned,
 *                      from its first join
 * @param resultGrace   how long after a round's expected end (its start, ramp-up, warm-up and duration) results are
 *                      still awaited; then the round is merged from those that came, the others reported missing
 * @param rounds        how many rounds are kept in memory, of every group (the oldest finished ones go first; a merged
 *                      round's run stays in the history)
 */
@Validated
@ConfigurationProperties("echo.shards")
public record ShardsProperties(
        @DefaultValue("2s") @NotNull Duration startLead,
        @DefaultValue("10m") @NotNull Duration joinTimeout,
        @DefaultValue("1m") @NotNull Duration resultGrace,
        @DefaultValue("50") @Min(1) @Max(10_000) int rounds) {}
