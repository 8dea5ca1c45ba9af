package dev.echolab.history;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code echo.history.*} but {@code echo.history.dir} (where the default H2 database lives; only
 * {@code spring.datasource.url} reads it).
 *
 * @param aaSpread         How far apart two runs of one setup land on this machine, as max ÷ min − 1 of a metric
 *                         (3: up to ×4). With too few runs for the rank test (fewer than 5 a side), a comparison
 *                         calls a difference only when every candidate run differs from every base run by more than
 *                         this. The default is the largest spread the A/A calibration (bench/compare.sh aa) measured
 *                         on the 2-core machines Echo Lab is built on, 2026-12-03: p99's, 2.98, over 20 runs of 10
 *                         repeats (msg/s and CPU per message moved up to 0.54 and 0.56). Measure your machine's and set
 *                         it, by metric where they differ.
 * @param aaSpreadByMetric The same for one metric (messagesPerSecond, p50Micros, p99Micros, p999Micros,
 *                         cpuMicrosPerMessage), over aa-spread: tails move more between runs than medians.
 */
@Validated
@ConfigurationProperties("echo.history")
public record HistoryProperties(
        @DefaultValue(HistoryProperties.AA_SPREAD) @DecimalMin("0") @DecimalMax("10")
        double aaSpread,

        Map<String, @DecimalMin("0") @DecimalMax("10") Double> aaSpreadByMetric) {

    /** The A/A spread measured on the machines Echo Lab is built on (above): also the command line's default. */
    public static final String AA_SPREAD = "3";

    public HistoryProperties {
        aaSpreadByMetric = aaSpreadByMetric == null ? Map.of() : Map.copyOf(aaSpreadByMetric);
    }
}
