package dev.echolab.history;

import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.history.Comparison.ModelComparison;
import dev.echolab.history.Comparison.Rule;
import dev.echolab.history.Comparison.Verdict;
import dev.echolab.stress.ModelResult;
import dev.echolab.stress.StressRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.statistics.descriptive.Median;

/**
 * Sets candidate runs against base runs, model by model and metric by metric, with the statistics of
 * {@link Verdicts}: two sets of runs (each model against itself), or two models within the same runs (a model
 * against itself there is its odd repeats against its even ones: an A/A comparison). Each result counts once: a run
 * with repeats gives one value per repeat. The API and the command line's {@code compare} both end here.
 *
 * <p>Over 300 lines because it is one procedure read from top to bottom: refuse what cannot be compared, pair
 * each model's samples, judge every metric at the model's shared level, and say the method in words. Should it
 * grow, the seam is the refusals and the choice of samples apart from the judging.
 */
public final class Comparisons {

    /** The rank test's level when none is asked for. */
    public static final String DEFAULT_ALPHA = "0.05";

    /** The smallest difference that matters when none is asked for: 5 %. */
    public static final String DEFAULT_MIN_DIFFERENCE = "0.05";

    /** What is compared, and which way is better. */
    private enum Metric {
        MESSAGES_PER_SECOND("messagesPerSecond", true, r -> r.throughput().messagesPerSecond()),
        P50("p50Micros", false, r -> r.latencyMicros().p50()),
        P99("p99Micros", false, r -> r.latencyMicros().p99()),
        P999("p999Micros", false, r -> r.latencyMicros().p999()),
        CPU_PER_MESSAGE(
                "cpuMicrosPerMessage",
                false,
                r -> r.cost() == null ? null : r.cost().cpuMicrosPerMessage());

        final String id;
        final boolean higherIsBetter;
        final Function<ModelResult, Double> value;

        Metric(String id, boolean higherIsBetter, Function<ModelResult, Double> value) {
            this.id = id;
            this.higherIsBetter = higherIsBetter;
            this.value = value;
        }
    }

    /**
     * How to judge.
     *
     * @param alpha         the rank test's level
     * @param minDifference the smallest relative difference that matters (0.05 = 5 %)
     * @param aaSpread      the machine's A/A spread of each metric, by id
     * @param includeFailed let in runs that failed, were cancelled or measured nothing valid (their verdicts then
     *                      carry the failure in words)
     */
    public record Settings(double alpha, double minDifference, Map<String, Double> aaSpread, boolean includeFailed) {

        /**
         * The A/A spread of every metric: {@code byMetric}'s where it names the metric, else {@code aaSpread}.
         *
         * @throws IllegalArgumentException {@code byMetric} names a metric there is not
         */
        public static Settings of(
                double alpha,
                double minDifference,
                double aaSpread,
                Map<String, Double> byMetric,
                boolean includeFailed) {
            // Case aside: a property key may reach here lower-cased (p99micros).
            Map<String, Double> given = new LinkedHashMap<>();
            byMetric.forEach((name, spread) -> given.put(name.toLowerCase(Locale.ROOT), spread));
            Map<String, Double> spreads = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                spreads.put(metric.id, given.getOrDefault(metric.id.toLowerCase(Locale.ROOT), aaSpread));
            }
            for (String name : byMetric.keySet()) {
                if (spreads.keySet().stream().noneMatch(id -> id.equalsIgnoreCase(name))) {
                    throw new IllegalArgumentException(
                            "no metric '" + name + "'; the metrics are " + String.join(", ", spreads.keySet()));
                }
            }
            return new Settings(alpha, minDifference, Collections.unmodifiableMap(spreads), includeFailed);
        }
    }

    /** Input a comparison refuses: which parameter, why, and the value. */
    public static final class Refused extends RuntimeException {

        private final String field;
        private final transient Object rejected;

        Refused(String field, String message, Object rejected) {
            super(message);
            this.field = field;
            this.rejected = rejected;
        }

        public String field() {
            return field;
        }

        public Object rejected() {
            return rejected;
        }
    }

    /** One result on one side: which run it came from, for the words of a caveat. */
    private record Sample(String side, StressRun run, ModelResult result) {}

    private Comparisons() {}

    /**
     * Each model of the candidate runs against the same model of the base runs.
     *
     * @throws Refused a run named twice, or one that did not succeed (unless {@code includeFailed})
     */
    public static Comparison runs(List<StressRun> base, List<StressRun> candidate, Settings settings) {
        Set<String> seen = new HashSet<>();
        refuseRepeated("base", base, seen);
        refuseRepeated("candidate", candidate, seen);
        refuseFailed("base", base, settings);
        refuseFailed("candidate", candidate, settings);
        Set<String> models = new LinkedHashSet<>();
        Stream.concat(base.stream(), candidate.stream())
                .flatMap(r -> r.results().stream())
                .forEach(r -> models.add(r.model()));
        List<ModelComparison> compared = new ArrayList<>();
        for (String model : models) {
            compared.add(model(
                    model, model, samples("base", base, model), samples("candidate", candidate, model), settings));
        }
        return comparison(base, candidate, settings, compared);
    }

    /**
     * The candidate model against the base model, both taken from the same runs; one model against itself is its
     * odd results against its even ones, in run and repeat order (an A/A comparison: interleaved repeats of one
     * setup).
     *
     * @throws Refused a run named twice, one that did not succeed (unless {@code includeFailed}), a model the runs
     *                 did not load, or an A/A comparison without repeats
     */
    public static Comparison models(List<StressRun> runs, String baseModel, String candidateModel, Settings settings) {
        refuseRepeated("run", runs, new HashSet<>());
        refuseFailed("run", runs, settings);
        List<Sample> base = samples("base", runs, baseModel);
        List<Sample> candidate = samples("candidate", runs, candidateModel);
        if (base.isEmpty()) {
            throw new Refused("base", "no result of model '" + baseModel + "' in run " + ids(runs), baseModel);
        }
        if (candidate.isEmpty()) {
            throw new Refused(
                    "candidate", "no result of model '" + candidateModel + "' in run " + ids(runs), candidateModel);
        }
        if (baseModel.equals(candidateModel)) {
            if (base.size() < 2) {
                throw new Refused(
                        "candidate",
                        "the same model on both sides is an A/A comparison of its odd repeats against its even ones; "
                                + ids(runs) + " has one result of it: run it with repeats of 2 or more",
                        candidateModel);
            }
            List<Sample> all = base;
            base = new ArrayList<>();
            candidate = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                (i % 2 == 0 ? base : candidate).add(all.get(i));
            }
        }
        return comparison(runs, runs, settings, List.of(model(candidateModel, baseModel, base, candidate, settings)));
    }

    private static ModelComparison model(
            String model, String baseModel, List<Sample> base, List<Sample> candidate, Settings settings) {
        if (base.isEmpty() || candidate.isEmpty()) {
            return new ModelComparison(
                    model, baseModel, base.isEmpty() ? "base" : "candidate", base.size(), candidate.size(), List.of());
        }
        List<String> caveats = new ArrayList<>();
        Stream.concat(base.stream(), candidate.stream())
                .map(s -> ComparisonCaveats.caveat(s.side(), s.run(), s.result()))
                .flatMap(Optional::stream)
                .forEach(caveats::add);
        long clientBound = Stream.concat(base.stream(), candidate.stream())
                .filter(s -> s.result().clientBound())
                .count();
        // The model's metrics share alpha (Bonferroni): five tests at 0.05 each would call a false difference in
        // about one A/A comparison of five; five at 0.01 keep that below one in twenty.
        Map<Metric, double[]> baseValues = new EnumMap<>(Metric.class);
        Map<Metric, double[]> candidateValues = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            baseValues.put(metric, values(base, metric));
            candidateValues.put(metric, values(candidate, metric));
        }
        long judged = Stream.of(Metric.values())
                .filter(m -> baseValues.get(m).length > 0 && candidateValues.get(m).length > 0)
                .count();
        double level = settings.alpha() / Math.max(1, judged);
        List<MetricComparison> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            metrics.add(metric(
                    metric,
                    baseValues.get(metric),
                    candidateValues.get(metric),
                    level,
                    settings,
                    caveats,
                    clientBound));
        }
        return new ModelComparison(model, baseModel, null, base.size(), candidate.size(), metrics);
    }

    private static MetricComparison metric(
            Metric metric,
            double[] base,
            double[] candidate,
            double level,
            Settings settings,
            List<String> caveats,
            long clientBound) {
        if (base.length == 0 || candidate.length == 0) {
            return new MetricComparison(
                    metric.id,
                    metric.higherIsBetter,
                    median(base),
                    median(candidate),
                    null,
                    null,
                    null,
                    null,
                    Verdict.unknown,
                    Rule.missing,
                    "no " + (base.length == 0 ? "base" : "candidate") + " result has a value of it (a free target "
                            + "has no server CPU figure; a result with nothing measured has no latency)",
                    null,
                    caveats);
        }
        Verdicts.Judged judged = Verdicts.judge(
                base,
                candidate,
                metric.higherIsBetter,
                level,
                settings.minDifference(),
                settings.aaSpread().get(metric.id));
        Verdict verdict = judged.verdict();
        Rule rule = judged.rule();
        String reason = judged.reason();
        Integer runsNeeded = judged.runsNeeded();
        if (clientBound > 0) {
            // Not the server's figure: no verdict on it, whatever the statistics say of the generator's.
            reason = clientBound + " of the results compared were measured while the load generator was the limit "
                    + "(clientBound): their figures are not the server's, so there is no verdict; the statistics "
                    + "alone said " + verdict + ": " + reason;
            verdict = Verdict.inconclusive;
            rule = Rule.clientBound;
            runsNeeded = null;
        }
        double b = median(base);
        double c = median(candidate);
        return new MetricComparison(
                metric.id,
                metric.higherIsBetter,
                round(b),
                round(c),
                Math.round(c / b * 1000) / 1000.0,
                judged.shift(),
                judged.interval(),
                judged.pValue(),
                verdict,
                rule,
                reason,
                runsNeeded,
                caveats);
    }

    /** Each sample's value of the metric; missing ones, and those not above 0 (nothing measured), left out. */
    private static double[] values(List<Sample> samples, Metric metric) {
        return samples.stream()
                .map(s -> metric.value.apply(s.result()))
                .filter(v -> v != null && v > 0)
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    private static Double median(double[] values) {
        return values.length == 0 ? null : Median.withDefaults().evaluate(values);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** The model's results in these runs, in run order and, within a run, repeat order. */
    private static List<Sample> samples(String side, List<StressRun> runs, String model) {
        return runs.stream()
                .flatMap(run -> run.results().stream()
                        .filter(r -> r.model().equals(model))
                        .map(r -> new Sample(side, run, r)))
                .toList();
    }

    private static void refuseRepeated(String field, List<StressRun> runs, Set<String> seen) {
        for (StressRun run : runs) {
            if (!seen.add(run.id())) {
                throw new Refused(
                        field,
                        "run " + run.id() + " is named twice: each run counts once (a run set against itself has no "
                                + "spread, and every difference would look real)",
                        run.id());
            }
        }
    }

    private static void refuseFailed(String field, List<StressRun> runs, Settings settings) {
        if (settings.includeFailed()) {
            return;
        }
        for (StressRun run : runs) {
            List<String> why = run.results().stream()
                    .map(ComparisonCaveats::failure)
                    .flatMap(Optional::stream)
                    .toList();
            if (run.status() != StressRun.Status.SUCCEEDED || !why.isEmpty()) {
                throw new Refused(
                        field,
                        "run " + run.id() + " is " + run.status()
                                + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")")
                                + ": its figures are not a clean measurement of the server. Compare it with "
                                + "includeFailed=true to see verdicts that carry the failure in words",
                        run.id());
            }
        }
    }

    private static String ids(List<StressRun> runs) {
        return String.join(",", runs.stream().map(StressRun::id).toList());
    }

    private static Comparison comparison(
            List<StressRun> base, List<StressRun> candidate, Settings settings, List<ModelComparison> models) {
        return new Comparison(
                base.stream().map(StressRun::id).toList(),
                candidate.stream().map(StressRun::id).toList(),
                settings.alpha(),
                settings.minDifference(),
                settings.aaSpread(),
                settings.includeFailed(),
                method(settings),
                models,
                ComparisonCaveats.notes(base, candidate));
    }

    private static String method(Settings settings) {
        double limit = 1 + settings.minDifference();
        double level = settings.alpha() / Metric.values().length;
        return "Each side is a set of runs (each repeat of a run counts as one). A model's metrics share alpha "
                + "(Bonferroni): each of the " + Metric.values().length + " is judged at level alpha ÷ "
                + Metric.values().length + " = " + Verdicts.number(level) + " (÷ 4 where a side has no server CPU "
                + "figure). Per metric: the medians, the Hodges-Lehmann estimate of candidate ÷ base (the median of "
                + "every pairwise ratio) with its distribution-free " + Verdicts.number((1 - level) * 100) + " % "
                + "interval, and the two-sided Mann-Whitney U test across runs. better or worse: p ≤ "
                + Verdicts.number(level) + " and the whole interval beyond the minimum difference (×"
                + Verdicts.number(1 / limit) + " to ×" + Verdicts.number(limit) + "); same: the whole interval within "
                + "it; otherwise inconclusive, with about how many runs a side would decide. With fewer runs than the "
                + "test needs to reach p ≤ " + Verdicts.number(level) + " (" + Verdicts.leastRunsFor(level)
                + " a side), "
                + "a difference counts only if every candidate run differs from every base run by more than the "
                + "machine's A/A spread (echo.history.aa-spread), and never as same. A result measured while the "
                + "load generator was the limit gets no verdict.";
    }
}
