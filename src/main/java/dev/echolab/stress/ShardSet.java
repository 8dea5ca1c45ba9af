package dev.echolab.stress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shards given to {@link ShardMerge}, checked for what would make their sum a lie: the same run or shard twice,
 * shards of runs split differently, missing shards, shards that ran different profiles or builds. Each check names
 * what it found; {@link #check} reports them all at once.
 *
 * @param members  the shards, in index order (by label when they have none)
 * @param count    how many shards the whole run has
 * @param missing  indices of the shards not given (only when partial merges are allowed)
 * @param absent   how many shards are not given, indexed or not
 * @param version  the version that ran them; null when none says
 */
record ShardSet(List<Member> members, int count, List<Integer> missing, int absent, String version) {

    private static final Pattern INDEXED = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    /**
     * One shard: its run, and which share it is.
     *
     * @param index from 0; null for a shard without an index (a compose replica, labelled with its host name)
     * @param count N as the shard knows it; null when it does not say (a result of an older version)
     */
    record Member(StressRun run, String label, Integer index, Integer count) {

        static Member of(StressRun run) {
            Sharding sharding = run.sharding();
            if (sharding != null && sharding.shard() != null) {
                return new Member(run, sharding.shard(), sharding.index(), sharding.count());
            }
            // A result written before runs recorded their sharding: the label its results carry.
            String label = run.results().stream()
                    .map(ModelResult::shard)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            Matcher indexed = label == null ? null : INDEXED.matcher(label);
            if (indexed != null && indexed.matches()) {
                return new Member(run, label, Integer.parseInt(indexed.group(1)), Integer.parseInt(indexed.group(2)));
            }
            return new Member(run, label, null, null);
        }

        Sharding sharding() {
            return run.sharding();
        }
    }

    /**
     * The shards as a set that can be merged honestly.
     *
     * @param allowPartial merge even when shards are missing (the caller marks the result partial)
     * @throws ShardMerge.Refused naming everything that stands in the way
     */
    static ShardSet check(List<StressRun> runs, boolean allowPartial) {
        if (runs.isEmpty()) {
            throw new ShardMerge.Refused("nothing to merge");
        }
        List<String> reasons = new ArrayList<>();
        List<Member> members = runs.stream().map(Member::of).toList();
        repeated(members, m -> m.run().id(), "run %s is given %d times", reasons);
        for (Member m : members) {
            if (!m.run().finished()) {
                reasons.add(
                        "run " + m.run().id() + " has not finished (" + m.run().status() + ")");
            }
            if (m.label() == null) {
                reasons.add("run " + m.run().id() + " is not a shard: it has no shard label (run it with --shard i/N, "
                        + "or --shards N)");
            }
        }
        List<Member> labelled = members.stream().filter(m -> m.label() != null).toList();
        repeated(labelled, Member::label, "shard %s is given %d times", reasons);
        Set<Integer> counts = labelled.stream()
                .map(Member::count)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (counts.size() > 1) {
            reasons.add("the shards come from runs split differently: "
                    + labelled.stream()
                            .filter(m -> m.count() != null)
                            .map(m -> m.label() + " is one of " + m.count())
                            .collect(Collectors.joining(", ")));
        }
        boolean someIndexed = labelled.stream().anyMatch(m -> m.index() != null);
        if (someIndexed && labelled.stream().anyMatch(m -> m.index() == null)) {
            reasons.add("shards with an index (i/N) and without one (a host name) cannot be told apart: "
                    + labelled.stream().map(Member::label).collect(Collectors.joining(", ")));
        }
        ShardProfile.differences(members, reasons);
        String version =
                agreed(members, m -> m.sharding() == null ? null : m.sharding().version(), "version", reasons);
        agreed(
                members,
                m -> m.run().manifest() == null ? null : m.run().manifest().commit(),
                "commit",
                reasons);
        if (!reasons.isEmpty()) {
            throw new ShardMerge.Refused(String.join("; ", reasons));
        }

        int count = counts.isEmpty() ? labelled.size() : counts.iterator().next();
        Set<Integer> given =
                labelled.stream().map(Member::index).filter(Objects::nonNull).collect(Collectors.toSet());
        List<Integer> missing = someIndexed
                ? IntStream.range(0, count)
                        .filter(i -> !given.contains(i))
                        .boxed()
                        .toList()
                : List.of();
        int absent = count - labelled.size();
        if (counts.isEmpty() && !allowPartial) {
            throw new ShardMerge.Refused("the shards do not say how many there were (written by an older version): "
                    + "whether some are missing cannot be told; merge them as partial to go on");
        }
        if (absent < 0) {
            throw new ShardMerge.Refused(labelled.size() + " shards are given of a run split in " + count);
        }
        if (absent > 0 && !allowPartial) {
            throw new ShardMerge.Refused(missing(count, missing, absent) + " (merge as partial to go on without them)");
        }
        List<Member> ordered = labelled.stream()
                .sorted(Comparator.comparing((Member m) -> m.index() == null ? Integer.MAX_VALUE : m.index())
                        .thenComparing(Member::label))
                .toList();
        return new ShardSet(ordered, count, missing, absent, version);
    }

    /** In words: which shards are missing, named by index where they have one. */
    static String missing(int count, List<Integer> missing, int absent) {
        if (!missing.isEmpty()) {
            return (missing.size() == 1 ? "shard " : "shards ")
                    + missing.stream().map(i -> i + "/" + count).collect(Collectors.joining(", "))
                    + (missing.size() == 1 ? " is" : " are")
                    + " missing";
        }
        return absent + " of " + count + " shards " + (absent == 1 ? "is" : "are") + " missing";
    }

    List<StressRun> runs() {
        return members.stream().map(Member::run).toList();
    }

    List<String> labels() {
        return members.stream().map(Member::label).toList();
    }

    boolean partial() {
        return absent > 0;
    }

    private static <T> void repeated(List<Member> members, Function<Member, T> key, String format, List<String> out) {
        Map<T, Integer> seen = new HashMap<>();
        members.forEach(m -> seen.merge(key.apply(m), 1, Integer::sum));
        members.stream()
                .map(key)
                .distinct()
                .filter(k -> seen.get(k) > 1)
                .forEach(k -> out.add(String.format(format, k, seen.get(k))));
    }

    /** The one value every shard that says it agrees on; a reason for each that differs. */
    private static String agreed(List<Member> members, Function<Member, String> value, String what, List<String> out) {
        Set<String> values = members.stream()
                .map(value)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (values.size() > 1) {
            out.add("the shards ran different builds: " + what + " "
                    + members.stream()
                            .filter(m -> value.apply(m) != null)
                            .map(m -> value.apply(m) + " in " + name(m))
                            .collect(Collectors.joining(", ")));
        }
        return values.isEmpty() ? null : values.iterator().next();
    }

    static String name(Member member) {
        return member.label() != null ? member.label() : "run " + member.run().id();
    }
}
