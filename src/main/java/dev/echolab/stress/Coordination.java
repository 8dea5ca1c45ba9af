package dev.echolab.stress;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * How a run merged by the service's coordinator came together: load generators started with
 * {@code run --coordinator} joined one group, were given one instant to start at, and posted their results, which
 * were merged into this run. How far apart they started, and the window they measured together, are the merged run's
 * {@link Sharding} (as for shards merged with {@code merge}). Field names are part of the API.
 *
 * @param group           the generators' group (a Kubernetes Job's name, or what {@code --group} said)
 * @param round           which run of the group this was (a Job's uid, or an id the coordinator gave)
 * @param shards          N, how many generators were to share the load
 * @param startAt         the one instant every generator was told to start at
 * @param partial         shards are missing or were cancelled: the figures are not the whole load that was asked for
 * @param missing         indices of the shards that posted no result by the deadline
 * @param members         every shard: its index, host, status ({@code MISSING} when it posted nothing), when it
 *                        started and its own results, exactly as it posted them
 */
public record Coordination(
        String group,
        String round,
        int shards,
        Instant startAt,
        boolean partial,
        List<Integer> missing,
        List<Member> members) {

    public Coordination {
        missing = List.copyOf(missing);
        members = List.copyOf(members);
    }

    /**
     * One shard of the run.
     *
     * @param index      its index, from 0
     * @param generator  who it was: host name and process id; null when it never joined
     * @param status     its run's status, or {@code MISSING} when it posted no result
     * @param startedAt  when its run started, by its own clock; null when missing
     * @param lateMicros how long after {@code startAt} that was (negative: early, by its clock); null when missing
     * @param results    its results, as it posted them; empty when missing
     */
    public record Member(
            int index,
            @Schema(nullable = true) String generator,

            @Schema(allowableValues = {"SUCCEEDED", "FAILED", "CANCELLED", "INCONCLUSIVE", "MISSING"})
            String status,

            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Long lateMicros,
            List<ModelResult> results) {

        public static final String MISSING = "MISSING";

        public Member {
            results = List.copyOf(results);
        }
    }
}
