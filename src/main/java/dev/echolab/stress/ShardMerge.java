package dev.echolab.stress;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The results of one run's shards (load generators on many machines) as one: counters summed, latency histograms
 * added exactly (never averaged percentiles), throughput over the window every shard was measuring, and how far
 * apart the shards started and ended. Results are matched by model (or target) label. Shards that cannot be summed
 * honestly are refused ({@link Refused}, checked by {@link ShardSet}): the command line's {@code merge} and the
 * service's coordinated runs merge with this one piece of code.
 */
public final class ShardMerge {

    /** Shards that cannot be merged honestly; the message says why, naming the runs and shards. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /**
     * How well the shards of one target lined up.
     *
     * @param model            the model (or target) label
     * @param shards           the shards merged, as they labelled themselves
     * @param startSkewMicros  latest minus earliest start of a measured window
     * @param endSkewMicros    latest minus earliest end of a measured window
     * @param commonFrom       the common window: the latest start, µs since the epoch
     * @param commonTo         the common window: the earliest end
     * @param throughputSeconds whole seconds of the common window the merged throughput covers (0: too short, the
     *                          shards' own throughputs were summed instead)
     */
    public record Skew(
            String model,
            List<String> shards,
            long startSkewMicros,
            long endSkewMicros,
            long commonFrom,
            long commonTo,
            int throughputSeconds) {}

    /** The merged run (its {@code sharding} says which shards, and how well they lined up), and each target's skew. */
    public record Merged(StressRun run, List<Skew> skews) {}

    private ShardMerge() {}

    /** Merges every shard of a run; refuses an incomplete set. */
    public static Merged merge(List<StressRun> shards) {
        return merge(shards, false);
    }

    /**
     * Merges the shards of a run; each model (or target) they loaded becomes one result.
     *
     * @param allowPartial merge even when shards are missing: the result is then {@code partial}, with the missing
     *                     indices in its {@code sharding} and in its notes
     * @throws Refused on the same run or shard given twice, shards of runs split differently, missing shards (unless
     *                 {@code allowPartial}), or shards that ran different profiles or builds
     */
    public static Merged merge(List<StressRun> shards, boolean allowPartial) {
        ShardSet set = ShardSet.check(shards, allowPartial);
        List<StressRun> runs = set.runs();
        // A run with repeats has a result per model and repeat: each is merged with the same turn of the others.
        Map<List<Object>, List<ModelResult>> byTurn = new LinkedHashMap<>();
        for (StressRun shard : runs) {
            for (ModelResult result : shard.results()) {
                byTurn.computeIfAbsent(Arrays.asList(result.model(), result.repeat()), turn -> new ArrayList<>())
                        .add(result);
            }
        }
        List<Skew> skews = new ArrayList<>();
        byTurn.values().forEach(parts -> skews.add(skew(parts.getFirst().model(), parts)));
        Sharding sharding = sharding(set, skews);
        List<String> notes = notes(set, sharding, runs.getFirst().request());
        List<ModelResult> results = new ArrayList<>();
        int turn = 0;
        for (List<ModelResult> parts : byTurn.values()) {
            Skew skew = skews.get(turn++);
            List<String> these = new ArrayList<>(notes);
            if (parts.size() < runs.size()) {
                these.add(String.format(
                        Locale.ROOT,
                        "Only %d of the %d shards merged loaded %s (a shard that ended early): these figures are "
                                + "theirs alone.",
                        parts.size(),
                        runs.size(),
                        skew.model()));
            }
            results.add(MergedResult.of(skew.model(), parts, skew, these));
        }
        StressRun run = new StressRun(
                String.join("+", runs.stream().map(StressRun::id).toList()),
                status(runs, results),
                1,
                request(runs),
                MergedResult.min(runs, StressRun::createdAt),
                MergedResult.min(runs, StressRun::startedAt),
                MergedResult.max(runs, StressRun::finishedAt),
                null,
                results,
                null, // shards may come from different machines
                null,
                sharding,
                null);
        return new Merged(run, skews);
    }

    /** Every value recorded by any of the encoded histograms (HdrHistogram compressed V2, base64). */
    public static Histogram histogram(List<String> encoded) {
        Histogram sum = new Histogram(3);
        for (String e : encoded) {
            if (e == null) {
                continue;
            }
            try {
                sum.add(Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(e)), 0));
            } catch (DataFormatException | IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                        "a latencyHistogram is not HdrHistogram's compressed V2 in " + "base64: " + ex.getMessage(),
                        ex);
            }
        }
        return sum;
    }

    /**
     * Which shards, and how well they lined up: the largest start skew, of the loads or of any target's measured
     * window, against 5 % of the measured duration.
     */
    private static Sharding sharding(ShardSet set, List<Skew> skews) {
        List<StressRun> runs = set.runs();
        List<Instant> starts = set.members().stream()
                .map(m -> m.sharding() != null && m.sharding().actualStart() != null
                        ? m.sharding().actualStart()
                        : m.run().startedAt())
                .filter(Objects::nonNull)
                .toList();
        long skew = starts.isEmpty()
                ? 0
                : Duration.between(
                                        starts.stream()
                                                .min(Comparator.naturalOrder())
                                                .orElseThrow(),
                                        starts.stream()
                                                .max(Comparator.naturalOrder())
                                                .orElseThrow())
                                .toNanos()
                        / 1000;
        for (Skew s : skews) {
            skew = Math.max(skew, s.startSkewMicros());
        }
        double seconds = measuredSeconds(runs);
        Instant intended = set.members().stream()
                .map(m -> m.sharding() == null ? null : m.sharding().intendedStart())
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Sharding(
                null,
                null,
                set.count(),
                set.labels(),
                set.missing(),
                set.partial(),
                intended,
                starts.stream().min(Comparator.naturalOrder()).orElse(null),
                skew,
                skews,
                skew <= Sharding.IN_STEP * seconds * 1e6,
                set.version());
    }

    /** What was asked to be measured: the duration, or (when messages ended the run) the longest window measured. */
    private static double measuredSeconds(List<StressRun> runs) {
        Double duration = runs.getFirst().request().durationSeconds();
        if (duration != null) {
            return duration;
        }
        return runs.stream()
                .flatMap(r -> r.results().stream())
                .mapToDouble(ModelResult::measuredSeconds)
                .max()
                .orElse(0);
    }

    /** What every merged result says first: the shards missing, the shards out of step. */
    private static List<String> notes(ShardSet set, Sharding sharding, StressRequest request) {
        List<String> notes = new ArrayList<>();
        if (set.partial()) {
            notes.add("Partial: " + ShardSet.missing(set.count(), set.missing(), set.absent())
                    + "; these figures are " + set.members().size() + " of " + set.count()
                    + " shards' only, merged as partial.");
        }
        if (!sharding.inStep()) {
            notes.add(String.format(
                    Locale.ROOT,
                    "The shards started %.1f s apart, more than %.0f%% of the %.1f s measured: they did not load the "
                            + "server together for the whole run (synchronized: false). Throughput covers only the "
                            + "seconds they all measured; start them with one --start-at, a minute ahead.",
                    sharding.startSkewMicros() / 1e6,
                    Sharding.IN_STEP * 100,
                    measuredSeconds(set.runs())));
        }
        return notes;
    }

    /** The worst of the shards' and of the merged results': failed, then cancelled, then inconclusive. */
    private static StressRun.Status status(List<StressRun> runs, List<ModelResult> results) {
        StressRun.Status worst = StressRun.Status.of(results);
        for (StressRun run : runs) {
            if (MergedResult.rank(run.status()) > MergedResult.rank(worst)) {
                worst = run.status();
            }
        }
        return worst;
    }

    private static Skew skew(String model, List<ModelResult> parts) {
        long latestStart =
                parts.stream().mapToLong(ModelResult::measuredFrom).max().orElseThrow();
        long earliestStart =
                parts.stream().mapToLong(ModelResult::measuredFrom).min().orElseThrow();
        long latestEnd = parts.stream().mapToLong(ModelResult::measuredTo).max().orElseThrow();
        long earliestEnd =
                parts.stream().mapToLong(ModelResult::measuredTo).min().orElseThrow();
        int seconds =
                (int) Math.max(0, Math.floorDiv(earliestEnd, 1_000_000) - MergedResult.ceilDiv(latestStart, 1_000_000));
        return new Skew(
                model,
                parts.stream()
                        .map(p -> Objects.requireNonNullElse(p.shard(), "?"))
                        .toList(),
                latestStart - earliestStart,
                latestEnd - earliestEnd,
                latestStart,
                Math.max(latestStart, earliestEnd),
                seconds);
    }

    /** The whole run's request: every shard's share of connections, rate and idle connections added back up. */
    private static StressRequest request(List<StressRun> shards) {
        StressRequest r = shards.getFirst().request();
        int connections =
                (int) shards.stream().mapToLong(s -> s.request().connections()).sum();
        Integer rate = r.ratePerSecond() == null
                ? null
                : (int) shards.stream()
                        .mapToLong(s -> Objects.requireNonNullElse(s.request().ratePerSecond(), 0))
                        .sum();
        int idle = (int)
                shards.stream().mapToLong(s -> s.request().idleConnections()).sum();
        return new StressRequest(
                r.models(),
                r.targets(),
                connections,
                r.payloadBytes(),
                r.durationSeconds(),
                r.messagesPerConnection(),
                r.warmupSeconds(),
                r.pipeline(),
                rate,
                r.rampUpSeconds(),
                r.connectTimeoutMs(),
                r.responseTimeoutMs(),
                idle,
                r.threads(),
                r.repeats());
    }
}
