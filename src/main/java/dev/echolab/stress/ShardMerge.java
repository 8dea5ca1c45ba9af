package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Client;
import dev.echolab.stress.ModelResult.Connections;
import dev.echolab.stress.ModelResult.Cost;
import dev.echolab.stress.ModelResult.Counts;
import dev.echolab.stress.ModelResult.Errors;
import dev.echolab.stress.ModelResult.Integrity;
import dev.echolab.stress.ModelResult.Latency;
import dev.echolab.stress.ModelResult.Messages;
import dev.echolab.stress.ModelResult.Second;
import dev.echolab.stress.ModelResult.Status;
import dev.echolab.stress.ModelResult.Throughput;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The results of one run's shards (load generators on many machines) as one: counters summed, latency histograms
 * added exactly (never averaged percentiles), throughput over the window every shard was measuring, and how far
 * apart the shards started and ended. Results are matched by model (or target) label.
 */
public final class ShardMerge {

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

    /** The merged run, and the skew of each of its targets. */
    public record Merged(StressRun run, List<Skew> skews) {}

    private ShardMerge() {}

    /** Merges the runs of every shard; each model (or target) they loaded, in each repeat, becomes one result. */
    public static Merged merge(List<StressRun> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        // A run with repeats has a result per model and repeat: each is merged with the same turn of the others.
        Map<List<Object>, List<ModelResult>> byTurn = new LinkedHashMap<>();
        for (StressRun shard : shards) {
            for (ModelResult result : shard.results()) {
                byTurn.computeIfAbsent(List.of(result.model(), result.repeat()), m -> new ArrayList<>())
                        .add(result);
            }
        }
        List<ModelResult> results = new ArrayList<>();
        List<Skew> skews = new ArrayList<>();
        byTurn.values().forEach(parts -> {
            String model = parts.getFirst().model();
            Skew skew = skew(model, parts);
            skews.add(skew);
            results.add(result(model, parts, skew));
        });
        StressRun first = shards.getFirst();
        StressRun.Status status = shards.stream()
                .map(StressRun::status)
                .max(Comparator.comparing(ShardMerge::rank))
                .orElseThrow();
        StressRun run = new StressRun(
                String.join("+", shards.stream().map(StressRun::id).toList()),
                status,
                1,
                request(shards),
                min(shards, StressRun::createdAt),
                min(shards, StressRun::startedAt),
                max(shards, StressRun::finishedAt),
                null,
                results,
                null,
                null); // shards may come from different machines
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

    private static Skew skew(String model, List<ModelResult> parts) {
        long latestStart =
                parts.stream().mapToLong(ModelResult::measuredFrom).max().orElseThrow();
        long earliestStart =
                parts.stream().mapToLong(ModelResult::measuredFrom).min().orElseThrow();
        long latestEnd = parts.stream().mapToLong(ModelResult::measuredTo).max().orElseThrow();
        long earliestEnd =
                parts.stream().mapToLong(ModelResult::measuredTo).min().orElseThrow();
        int seconds = (int) Math.max(0, Math.floorDiv(earliestEnd, 1_000_000) - ceilDiv(latestStart, 1_000_000));
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

    private static ModelResult result(String model, List<ModelResult> parts, Skew skew) {
        Histogram latency =
                histogram(parts.stream().map(ModelResult::latencyHistogram).toList());
        List<Second> perSecond = perSecond(parts);
        long messagesEchoed = sum(parts, r -> r.messages().echoed());
        double measuredSeconds = (skew.commonTo() - skew.commonFrom()) / 1e6;
        Throughput throughput = throughput(parts, perSecond, skew);
        Status status = parts.stream()
                .map(ModelResult::status)
                .max(Comparator.comparing(ShardMerge::rank))
                .orElseThrow();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "Merged from %d shards (%s): their measured windows started "
                        + "within %.1f ms and ended within %.1f ms of each other; throughput covers the %s.",
                parts.size(),
                String.join(", ", skew.shards()),
                skew.startSkewMicros() / 1e3,
                skew.endSkewMicros() / 1e3,
                skew.throughputSeconds() > 0
                        ? skew.throughputSeconds() + " whole seconds all of them were measuring"
                        : "sum of the shards' own (their common window is under a whole second)"));
        for (ModelResult part : parts) {
            part.notes().forEach(n -> notes.add("[" + Objects.requireNonNullElse(part.shard(), "?") + "] " + n));
        }
        Integrity integrity = new Integrity(
                parts.stream().allMatch(r -> r.integrity().verified()),
                sum(parts, r -> r.integrity().mismatches()),
                sum(parts, r -> r.integrity().missingBytes()),
                parts.stream()
                        .map(r -> r.integrity().firstMismatchOffset())
                        .filter(Objects::nonNull)
                        .min(Long::compare)
                        .orElse(null),
                sum(parts, r -> r.integrity().bytesVerified()),
                sum(parts, r -> r.integrity().unserved()),
                sum(parts, r -> r.integrity().unservedBytes()),
                sum(parts, r -> r.integrity().unansweredBytes()));
        double clientCpu =
                parts.stream().mapToDouble(r -> r.client().cpuSeconds()).sum();
        return new ModelResult(
                model,
                parts.getFirst().repeat(),
                status,
                String.join(
                        ", ",
                        parts.stream()
                                .map(ModelResult::target)
                                .filter(Objects::nonNull)
                                .distinct()
                                .toList()),
                min(parts, ModelResult::startedAt),
                max(parts, ModelResult::finishedAt),
                Results.round(measuredSeconds, 3),
                new Connections(
                        (int) sum(parts, r -> r.connections().requested()),
                        (int) sum(parts, r -> r.connections().established()),
                        (int) sum(parts, r -> r.connections().failed()),
                        (int) sum(parts, r -> r.connections().idleRequested()),
                        (int) sum(parts, r -> r.connections().idleHeld())),
                new Messages(
                        sum(parts, r -> r.messages().sent()),
                        messagesEchoed,
                        sum(parts, r -> r.messages().unsent())),
                new Counts(
                        sum(parts, r -> r.bytes().sent()),
                        sum(parts, r -> r.bytes().echoed())),
                throughput,
                Latency.of(latency),
                new Errors(
                        sum(parts, r -> r.errors().connectRefused()),
                        sum(parts, r -> r.errors().connectTimeout()),
                        sum(parts, r -> r.errors().reset()),
                        sum(parts, r -> r.errors().responseTimeout()),
                        sum(parts, r -> r.errors().mismatch()),
                        sum(parts, r -> r.errors().closedEarly())),
                integrity,
                cost(parts, messagesEchoed),
                // The busiest generator's figures: one saturated shard is enough to make the figures a floor.
                new Client(
                        (int) sum(parts, r -> r.client().threads()),
                        Results.round(clientCpu, 3),
                        parts.stream()
                                .mapToDouble(r -> r.client().cpuUtilization())
                                .max()
                                .orElse(0),
                        messagesEchoed == 0 ? null : Results.round(clientCpu * 1e6 / messagesEchoed, 2),
                        parts.stream()
                                .map(r -> r.client().idleShare())
                                .filter(Objects::nonNull)
                                .min(Double::compare)
                                .orElse(null),
                        ModelResult.SendLag.merge(
                                parts.stream().map(r -> r.client().sendLag()).toList()),
                        parts.stream()
                                .flatMap(r -> r.client().boundBy().stream())
                                .distinct()
                                .toList()),
                parts.stream().anyMatch(ModelResult::clientBound),
                parts.stream().anyMatch(ModelResult::machineBound),
                notes,
                Results.encode(latency),
                skew.commonFrom(),
                skew.commonTo(),
                perSecond,
                null);
    }

    /** Every shard's seconds added up, second by second. */
    private static List<Second> perSecond(List<ModelResult> parts) {
        Map<Long, long[]> seconds = new TreeMap<>();
        for (ModelResult part : parts) {
            for (Second s : part.perSecond()) {
                long[] sum = seconds.computeIfAbsent(s.t(), t -> new long[2]);
                sum[0] += s.messages();
                sum[1] += s.bytes();
            }
        }
        return seconds.entrySet().stream()
                .map(e -> new Second(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    /**
     * Over the whole seconds of the common window, from the summed per-second counts: a shard that started early
     * or ran late adds nothing outside it. Too short a window for a whole second: the shards' own rates, summed.
     */
    private static Throughput throughput(List<ModelResult> parts, List<Second> perSecond, Skew skew) {
        if (skew.throughputSeconds() == 0) {
            return new Throughput(
                    Results.round(
                            parts.stream()
                                    .mapToDouble(r -> r.throughput().messagesPerSecond())
                                    .sum(),
                            1),
                    Results.round(
                            parts.stream()
                                    .mapToDouble(r -> r.throughput().bytesPerSecond())
                                    .sum(),
                            1));
        }
        long first = ceilDiv(skew.commonFrom(), 1_000_000);
        long end = first + skew.throughputSeconds();
        long messages = 0;
        long bytes = 0;
        for (Second s : perSecond) {
            if (s.t() >= first && s.t() < end) {
                messages += s.messages();
                bytes += s.bytes();
            }
        }
        return new Throughput(
                Results.round((double) messages / skew.throughputSeconds(), 1),
                Results.round((double) bytes / skew.throughputSeconds(), 1));
    }

    /** Each shard's server CPU is its own server's (or none, for a free target): summed, per message recomputed. */
    private static Cost cost(List<ModelResult> parts, long messages) {
        if (parts.stream().anyMatch(r -> r.cost() == null || r.cost().serverCpuSeconds() == null)) {
            return new Cost(
                    null,
                    null,
                    parts.stream()
                            .map(r -> r.cost() == null ? null : r.cost().peakThreads())
                            .filter(Objects::nonNull)
                            .max(Integer::compare)
                            .orElse(null),
                    null);
        }
        double cpu =
                parts.stream().mapToDouble(r -> r.cost().serverCpuSeconds()).sum();
        return new Cost(
                Results.round(cpu, 3),
                messages == 0 ? null : Results.round(cpu * 1e6 / messages, 2),
                parts.stream()
                        .map(r -> r.cost().peakThreads())
                        .filter(Objects::nonNull)
                        .max(Integer::compare)
                        .orElse(null),
                parts.stream()
                        .map(r -> r.cost().cpuUtilization())
                        .filter(Objects::nonNull)
                        .max(Double::compare)
                        .orElse(null));
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

    private static int rank(Enum<?> status) {
        // SUCCEEDED < CANCELLED < FAILED: the merged status is the worst of the shards'.
        return switch (status.name()) {
            case "SUCCEEDED" -> 0;
            case "CANCELLED" -> 1;
            case "FAILED" -> 2;
            default -> 1;
        };
    }

    private static <T> long sum(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).sum();
    }

    private static <T> Instant min(List<T> items, Function<T, Instant> value) {
        return items.stream()
                .map(value)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static <T> Instant max(List<T> items, Function<T, Instant> value) {
        return items.stream()
                .map(value)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
