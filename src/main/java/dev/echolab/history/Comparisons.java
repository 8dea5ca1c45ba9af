package dev.echolab.history;

import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.history.Comparison.ModelComparison;
import dev.echolab.stress.Manifest;
import dev.echolab.stress.ModelResult;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Sets candidate runs against base runs, metric by metric. Samples within one run are correlated and miss what
 * moves between runs (JIT, GC, the scheduler, neighbours on the machine), so the noise is measured between runs:
 * with repeats on both sides it is the larger spread of either series (max ÷ min − 1); with a single run on a side
 * it is the configured floor ({@code echo.history.noise-floor}), or a series' spread when that is larger. Two values
 * are the {@code same} when the larger is within (1 + noise) times the smaller: symmetric, so halving and doubling
 * weigh alike whichever way is better.
 */
final class Comparisons {

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

    private Comparisons() {}

    static Comparison compare(List<StressRun> base, List<StressRun> candidate, double floor) {
        boolean repeats = base.size() > 1 && candidate.size() > 1;
        String method = repeats
                ? "repeats: %d base and %d candidate runs; each side's value is its median, and a metric's noise is "
                                .formatted(base.size(), candidate.size())
                        + "the larger spread (max / min - 1) of either series: values within (1 + noise) of each other "
                        + "are the same"
                : "single runs: values within %.0f %% of each other (echo.history.noise-floor, no less than the "
                                .formatted(floor * 100)
                        + "run-to-run spread of one figure measured with repeats) are the same; compare series of "
                        + "repeats for verdicts set by their own spread";
        Set<String> models = new LinkedHashSet<>();
        Stream.concat(base.stream(), candidate.stream())
                .flatMap(r -> r.results().stream())
                .forEach(r -> models.add(r.model()));
        List<ModelComparison> compared = new ArrayList<>();
        for (String model : models) {
            List<ModelResult> b = results(base, model);
            List<ModelResult> c = results(candidate, model);
            if (b.isEmpty() || c.isEmpty()) {
                compared.add(new ModelComparison(model, b.isEmpty() ? "base" : "candidate", List.of()));
                continue;
            }
            List<MetricComparison> metrics = new ArrayList<>();
            for (Metric metric : Metric.values()) {
                metrics.add(metric(metric, values(b, metric), values(c, metric), repeats, floor));
            }
            compared.add(new ModelComparison(model, null, metrics));
        }
        return new Comparison(
                base.stream().map(StressRun::id).toList(),
                candidate.stream().map(StressRun::id).toList(),
                method,
                compared,
                notes(base, candidate));
    }

    private static MetricComparison metric(
            Metric metric, List<Double> base, List<Double> candidate, boolean repeats, double floor) {
        Double b = median(base);
        Double c = median(candidate);
        double noise = repeats
                ? Math.max(spread(base), spread(candidate))
                : Math.max(floor, Math.max(spread(base), spread(candidate)));
        if (b == null || c == null || (b == 0 && c != 0)) {
            return new MetricComparison(metric.id, metric.higherIsBetter, b, c, null, noise, "unknown");
        }
        double ratio = b == 0 ? 1 : c / b;
        String verdict = Math.max(ratio, 1 / ratio) <= 1 + noise
                ? "same"
                : (ratio > 1) == metric.higherIsBetter ? "better" : "worse";
        return new MetricComparison(
                metric.id,
                metric.higherIsBetter,
                round(b, 10),
                round(c, 10),
                round(ratio, 1000),
                round(noise, 1000),
                verdict);
    }

    /** The model's result in each run that loaded it. */
    private static List<ModelResult> results(List<StressRun> runs, String model) {
        return runs.stream()
                .map(r -> r.results().stream()
                        .filter(m -> m.model().equals(model))
                        .findFirst())
                .flatMap(Optional::stream)
                .toList();
    }

    private static List<Double> values(List<ModelResult> results, Metric metric) {
        return results.stream()
                .map(metric.value)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }

    private static Double median(List<Double> sorted) {
        int n = sorted.size();
        return n == 0 ? null : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** max / min - 1 of a series: how far apart its runs landed; 0 for fewer than two values. */
    private static double spread(List<Double> sorted) {
        if (sorted.size() < 2 || sorted.getFirst() <= 0) {
            return 0;
        }
        return sorted.getLast() / sorted.getFirst() - 1;
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    /** What differs between the runs beyond the code under test. */
    private static List<String> notes(List<StressRun> base, List<StressRun> candidate) {
        List<String> notes = new ArrayList<>();
        differs(notes, "the load profile", base, candidate, r -> profile(r.request()));
        differs(
                notes,
                "the JDK",
                base,
                candidate,
                r -> manifest(r).map(Manifest::jdk).orElse(null));
        differs(
                notes,
                "the commit",
                base,
                candidate,
                r -> manifest(r).map(Manifest::commit).orElse(null));
        differs(
                notes,
                "the JVM flags",
                base,
                candidate,
                r -> manifest(r).map(Manifest::jvmFlags).orElse(null));
        differs(
                notes,
                "the cores",
                base,
                candidate,
                r -> manifest(r).map(m -> String.valueOf(m.cores())).orElse(null));
        // A machine busier than its cores moves every figure more than any floor measured on a quiet one.
        Stream.concat(base.stream(), candidate.stream())
                .distinct()
                .filter(r -> r.manifest() != null
                        && r.manifest().loadAverage() != null
                        && r.manifest().loadAverage() > r.manifest().cores())
                .forEach(r -> notes.add("run " + r.id() + " started on a busy machine (load average "
                        + r.manifest().loadAverage() + " on " + r.manifest().cores()
                        + " cores): its figures may move far more than the noise floor"));
        return notes;
    }

    private static void differs(
            List<String> notes,
            String what,
            List<StressRun> base,
            List<StressRun> candidate,
            Function<StressRun, String> property) {
        Set<String> b = new LinkedHashSet<>(
                base.stream().map(property).map(String::valueOf).toList());
        Set<String> c = new LinkedHashSet<>(
                candidate.stream().map(property).map(String::valueOf).toList());
        if (!b.equals(c)) {
            notes.add(what + " differs: base " + String.join(" | ", b) + "; candidate " + String.join(" | ", c));
        }
    }

    private static Optional<Manifest> manifest(StressRun run) {
        return Optional.ofNullable(run.manifest());
    }

    /** The request without what it loads: the load each model got. */
    private static String profile(StressRequest r) {
        return "connections=%d payloadBytes=%d durationSeconds=%s messagesPerConnection=%s warmupSeconds=%s "
                        .formatted(
                                r.connections(),
                                r.payloadBytes(),
                                r.durationSeconds(),
                                r.messagesPerConnection(),
                                r.warmupSeconds())
                + "pipeline=%d ratePerSecond=%s rampUpSeconds=%s"
                        .formatted(r.pipeline(), r.ratePerSecond(), r.rampUpSeconds());
    }
}
