package dev.echolab.history;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/stress/compare} and of the command line's {@code compare}: for each model, each
 * metric of the candidate runs set against the base runs, with a verdict the statistics support and the rule that
 * decided it. Field names are part of the API.
 *
 * @param base          the base run ids
 * @param candidate     the candidate run ids (the same runs as {@code base} when models are compared within runs)
 * @param alpha         the level of a model's verdicts, shared by its metrics (Bonferroni): {@code better} and
 *                      {@code worse} need p at or below alpha ÷ the number of metrics judged (5, or 4 without CPU)
 * @param minDifference the smallest relative difference that matters (0.05 = 5 %)
 * @param aaSpread      per metric, how far apart two runs of one setup land on this machine (3: up to ×4):
 *                      the bar a difference must clear when the runs are too few for the rank test
 * @param includeFailed whether runs that failed, were cancelled or measured nothing valid were let in
 * @param method        the rules, in words
 * @param models        every model of either side, base's order first
 * @param notes         what makes the two sides less comparable: another profile, JDK, commit, JVM flags or core
 *                      count, a busy machine
 */
public record Comparison(
        List<String> base,
        List<String> candidate,
        double alpha,
        double minDifference,
        Map<String, Double> aaSpread,
        boolean includeFailed,
        String method,
        List<ModelComparison> models,
        List<String> notes) {

    /** What a verdict says of the candidate. */
    public enum Verdict {
        /** More msg/s, or less latency or CPU per message, beyond the minimum difference, and the test agrees. */
        better,
        /** The other way round. */
        worse,
        /** The whole interval of the shift lies within the minimum difference. */
        same,
        /** The runs do not decide it: {@code runsNeeded} says about how many would. */
        inconclusive,
        /** A side has no value of this metric (a free target has no server CPU figure). */
        unknown
    }

    /** Which rule decided a verdict. */
    public enum Rule {
        /** Enough runs for the rank test: its p and the interval against the minimum difference. */
        rankTest,
        /** Too few runs for the rank test to reach its level (alpha ÷ the metrics): every pairwise ratio against the A/A spread. */
        aaSpread,
        /** A result was measured while the load generator was the limit: not the server's figure, no verdict. */
        clientBound,
        /** A side has no value. */
        missing
    }

    /**
     * One model on both sides.
     *
     * @param model         the candidate side's model
     * @param baseModel     the base side's model: the same as {@code model} when runs are compared, another model (or
     *                      the same one's other repeats) when models are compared within runs
     * @param absentFrom    {@code base} or {@code candidate} when only the other side has it (metrics then empty);
     *                      null when both do
     * @param baseRuns      base results compared: one per run and repeat
     * @param candidateRuns candidate results compared
     */
    public record ModelComparison(
            String model,
            String baseModel,
            @Schema(nullable = true) String absentFrom,
            int baseRuns,
            int candidateRuns,
            List<MetricComparison> metrics) {}

    /**
     * One metric of one model.
     *
     * @param metric         messagesPerSecond, p50Micros, p99Micros, p999Micros or cpuMicrosPerMessage
     * @param higherIsBetter true for throughput, false for latency and CPU per message
     * @param base           the median of the base runs' values
     * @param candidate      the median of the candidate runs' values
     * @param ratio          candidate ÷ base of the medians
     * @param shift          the Hodges–Lehmann estimate of candidate ÷ base: the median of the ratios of every
     *                       candidate run to every base run
     * @param interval       where the shift lies, with its confidence; null when a side has no value
     * @param pValue         the two-sided Mann–Whitney U test across runs of "no shift"
     * @param verdict        better, worse, same, inconclusive or unknown
     * @param rule           which rule decided it
     * @param reason         why, in words, with the figures the rule used
     * @param runsNeeded     an inconclusive verdict: about how many runs a side would decide it (a rough estimate
     *                       from the spread seen); null otherwise, or when no number of runs is likely to
     * @param caveats        failures and client-bound results among the runs compared, in words
     */
    public record MetricComparison(
            String metric,
            boolean higherIsBetter,
            @Schema(nullable = true) Double base,
            @Schema(nullable = true) Double candidate,
            @Schema(nullable = true) Double ratio,
            @Schema(nullable = true) Double shift,
            @Schema(nullable = true) Interval interval,
            @Schema(nullable = true) Double pValue,
            Verdict verdict,
            Rule rule,
            String reason,
            @Schema(nullable = true) Integer runsNeeded,
            List<String> caveats) {}

    /**
     * A confidence interval of candidate ÷ base.
     *
     * @param low        its lower end; null when nothing bounds it (too few runs)
     * @param high       its upper end; null when nothing bounds it
     * @param confidence how often an interval made this way holds the true ratio (0.95; for too few runs, the range
     *                   of every pairwise ratio, whose confidence is lower: 0.9 with 3 runs a side, 0 with 1)
     */
    public record Interval(
            @Schema(nullable = true) Double low,
            @Schema(nullable = true) Double high,
            double confidence) {}
}
