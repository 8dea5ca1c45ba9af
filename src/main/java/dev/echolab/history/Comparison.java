package dev.echolab.history;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer of {@code GET /api/stress/compare}: for each model, each metric of the candidate runs set against
 * the base runs, with a verdict that counts only differences beyond the noise. Field names are part of the API.
 *
 * @param base      the base run ids (one, or a series of repeats)
 * @param candidate the candidate run ids
 * @param method    how the noise was set, in words
 * @param models    every model of either side, base's order first
 * @param notes     what makes the two sides less comparable: another profile, JDK, commit, JVM flags or core count
 */
record Comparison(
        List<String> base, List<String> candidate, String method, List<ModelComparison> models, List<String> notes) {

    /**
     * One model on both sides.
     *
     * @param absentFrom {@code base} or {@code candidate} when only the other side loaded it (metrics then empty);
     *                   null when both did
     */
    record ModelComparison(
            String model, @Schema(nullable = true) String absentFrom, List<MetricComparison> metrics) {}

    /**
     * One metric of one model.
     *
     * @param metric         messagesPerSecond, p50Micros, p99Micros, p999Micros or cpuMicrosPerMessage
     * @param higherIsBetter true for throughput, false for latency and CPU per message
     * @param base           the base value (the median of a series)
     * @param candidate      the candidate value (the median of a series)
     * @param ratio          candidate ÷ base; null when either is missing or base is 0
     * @param noise          relative difference taken as noise: values within (1 + noise) times each other are
     *                       the same (0.15 = 15 %)
     * @param verdict        better, worse, same (within the noise) or unknown (a value is missing)
     */
    record MetricComparison(
            String metric,
            boolean higherIsBetter,
            Double base,
            Double candidate,
            Double ratio,
            double noise,
            String verdict) {}
}
