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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * One target's results from every shard as one {@link ModelResult}: counters summed, latency histograms added
 * exactly, throughput over the seconds every shard was measuring, each shard's notes kept with its label.
 */
final class MergedResult {

    private MergedResult() {}

    /**
     * The shards' results for one target as one.
     *
     * @param more what else the merge says of them (missing shards, shards out of step), after how they lined up
     */
    static ModelResult of(String model, List<ModelResult> parts, ShardMerge.Skew skew, List<String> more) {
        Histogram latency = ShardMerge.histogram(
                parts.stream().map(ModelResult::latencyHistogram).toList());
        List<Second> perSecond = perSecond(parts);
        long messagesEchoed = sum(parts, r -> r.messages().echoed());
        double measuredSeconds = (skew.commonTo() - skew.commonFrom()) / 1e6;
        Throughput throughput = throughput(parts, perSecond, skew);
        Status status = parts.stream()
                .map(ModelResult::status)
                .max(Comparator.comparing(MergedResult::rank))
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
        notes.addAll(more);
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
    private static Throughput throughput(List<ModelResult> parts, List<Second> perSecond, ShardMerge.Skew skew) {
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

    /** The worst of the shards' statuses: SUCCEEDED, then INCONCLUSIVE, CANCELLED, FAILED. */
    static int rank(Enum<?> status) {
        return switch (status.name()) {
            case "SUCCEEDED" -> 0;
            case "INCONCLUSIVE" -> 1;
            case "CANCELLED" -> 2;
            case "FAILED" -> 3;
            default -> 2;
        };
    }

    private static <T> long sum(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).sum();
    }

    static <T> Instant min(List<T> items, Function<T, Instant> value) {
        return items.stream()
                .map(value)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    static <T> Instant max(List<T> items, Function<T, Instant> value) {
        return items.stream()
                .map(value)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
