package dev.echolab.history;

import dev.echolab.stress.Manifest;
import dev.echolab.stress.ModelResult;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a reader of a comparison should know beside its verdicts, in words: what differs between the two sides
 * beyond the code under test, and which results failed or were measured while the load generator was the limit.
 */
final class ComparisonCaveats {

    private ComparisonCaveats() {}

    /** What went wrong with one result, in words; empty when it succeeded with every byte verified. */
    static Optional<String> failure(ModelResult result) {
        List<String> parts = new ArrayList<>();
        if (result.status() != ModelResult.Status.SUCCEEDED) {
            parts.add(result.status().name());
        }
        long errors = result.errors() == null ? 0 : result.errors().total();
        if (errors > 0) {
            parts.add(errors + " connections ended in errors");
        }
        var integrity = result.integrity();
        if (integrity != null && !integrity.verified()) {
            parts.add("integrity broken: " + integrity.mismatches() + " connections with wrong bytes, "
                    + integrity.missingBytes() + " bytes missing");
        }
        if (result.status() == ModelResult.Status.INCONCLUSIVE
                && !result.notes().isEmpty()) {
            parts.add(result.notes().getFirst());
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(result.model() + " " + String.join(", ", parts));
    }

    /** A failure or a client-bound measurement among the samples, naming the run and the repeat. */
    static Optional<String> caveat(String side, StressRun run, ModelResult result) {
        String where = side + " run " + run.id() + " repeat " + result.repeat() + ": ";
        Optional<String> failure = failure(result);
        if (failure.isPresent()) {
            return Optional.of(where + failure.get());
        }
        if (result.clientBound()) {
            return Optional.of(where + result.model() + " was measured while the load generator was the "
                    + "limit (clientBound): its figures are a floor, not the server's");
        }
        return Optional.empty();
    }

    /** What differs between the runs beyond the code under test. */
    static List<String> notes(List<StressRun> base, List<StressRun> candidate) {
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
        // A machine busier than its cores moves every figure more than any A/A spread measured on a quiet one.
        Stream.concat(base.stream(), candidate.stream())
                .distinct()
                .filter(r -> r.manifest() != null
                        && r.manifest().loadAverage() != null
                        && r.manifest().loadAverage() > r.manifest().cores())
                .forEach(r -> notes.add("run " + r.id() + " started on a busy machine (load average "
                        + r.manifest().loadAverage() + " on " + r.manifest().cores()
                        + " cores): its figures may move far more than the A/A spread measured on a quiet one"));
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
