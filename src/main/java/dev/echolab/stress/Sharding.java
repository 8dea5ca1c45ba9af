package dev.echolab.stress;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A run's place in a run split across load generators (shards): on a shard's own result, which share it is and when
 * it started; on the merged result, which shards it holds, which are missing, and how well they lined up. Null on a
 * run that was never split.
 *
 * @param shard           a shard's own run: its label, {@code 0/2}, or the host name of a shard without an index;
 *                        null on a merged run
 * @param index           a shard's own run: its index from 0; null without one, and on a merged run
 * @param count           how many shards the whole run has (N)
 * @param shards          a merged run: the labels of the shards merged, in index order; empty on a shard's own run
 * @param missing         a merged run: the indices of the shards that were not given ({@code partial} merges only)
 * @param partial         a merged run that lacks some of its N shards
 * @param intendedStart   when the shard was told to start ({@code --start-at}), the earliest of them on a merged
 *                        run; null when it started at once
 * @param actualStart     when its load began; on a merged run, the earliest shard's
 * @param startSkewMicros a merged run: how far apart the shards really started, the latest start minus the earliest,
 *                        of the load or of a target's measured window, whichever is larger; null on a shard's own run
 * @param windows         a merged run: for each target, the window every shard was measuring together and how far
 *                        apart its shards' windows started and ended; empty on a shard's own run
 * @param inStep          a merged run: whether the shards started within 5 % of the measured duration of each other
 *                        ({@code synchronized} in JSON); null on a shard's own run
 * @param version         the Echo Lab version that ran it; null when unknown
 */
public record Sharding(
        @Schema(nullable = true) String shard,
        @Schema(nullable = true) Integer index,
        int count,
        List<String> shards,
        List<Integer> missing,
        boolean partial,
        @Schema(nullable = true) Instant intendedStart,
        @Schema(nullable = true) Instant actualStart,
        @Schema(nullable = true) Long startSkewMicros,
        List<ShardMerge.Skew> windows,

        @JsonProperty("synchronized") @Schema(name = "synchronized", nullable = true)
        Boolean inStep,

        @Schema(nullable = true) String version) {

    /** Shards may start this far apart, as a share of the measured duration, and still count as in step. */
    public static final double IN_STEP = 0.05;

    public Sharding {
        shards = shards == null ? List.of() : List.copyOf(shards);
        missing = missing == null ? List.of() : List.copyOf(missing);
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** A shard's own run: share {@code index} (null: unindexed) of {@code count}, labelled {@code shard}. */
    public static Sharding of(
            String shard, Integer index, int count, Instant intendedStart, Instant actualStart, String version) {
        return new Sharding(
                shard, index, count, null, null, false, intendedStart, actualStart, null, null, null, version);
    }
}
