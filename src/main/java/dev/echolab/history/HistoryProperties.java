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
 *                         (0.35: up to ×1.35). With too few runs for the rank test (fewer than 5 a side), a comparison
 *                         calls a difference only when every candidate run differs from every base run by more than
 *                         this. The default is a placeholder from the between-run spread reported for two shared cores
 *                         (median ± 15 %, max ÷ min about 1.35): measure this machine's with the A/A calibration
 *                         (bench/compare.sh aa) on a quiet machine and set the largest spread it reports.
 * @param aaSpreadByMetric The same for one metric (messagesPerSecond, p50Micros, p99Micros, p999Micros,
 *                         cpuMicrosPerMessage), over aa-spread: tails move more between runs than medians.
 */
@Validated
@ConfigurationProperties("echo.history")
public record HistoryProperties(
        @DefaultValue(HistoryProperties.AA_SPREAD) @DecimalMin("0") @DecimalMax("10")
        double aaSpread,

        Map<String, @DecimalMin("0") @DecimalMax("10") Double> aaSpreadByMetric) {

    /** The placeholder A/A spread, until one is measured: also the command line's default. */
    public static final String AA_SPREAD = "0.35";

    public HistoryProperties {
        aaSpreadByMetric = aaSpreadByMetric == null ? Map.of() : Map.copyOf(aaSpreadByMetric);
    }
}
