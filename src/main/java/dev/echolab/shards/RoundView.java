package dev.echolab.shards;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A round of a group as {@code GET /api/shards/{group}} shows it. Field names are part of the API.
 *
 * @param group          the group's name
 * @param round          this round's id: the one the generators gave (a Job's uid), or the coordinator's
 * @param state          JOINING (generators join and get ready), STARTED (the start instant is set), then MERGED
 *                       (the run is stored: {@code run}), ABANDONED (not every generator was ready in time, none
 *                       posted a result, or an operator gave it up) or REFUSED (merge refused the results)
 * @param shards         N, how many generators share the load
 * @param createdAt      when the first generator joined
 * @param joinDeadline   while joining: when the round is abandoned unless all N are ready
 * @param startAt        the instant every generator starts at, once all N are ready
 * @param resultDeadline once started: results that have not come by then are reported missing
 * @param members        the generators that joined, by index
 * @param missing        indices not ready (while joining, or abandoned then) or without a result (once started)
 * @param detail         why it was abandoned or refused, in words
 * @param runId          the merged run's id, once stored
 * @param run            where the merged run is: {@code /api/stress/{runId}}
 */
public record RoundView(
        String group,
        String round,

        @Schema(allowableValues = {"JOINING", "STARTED", "MERGED", "ABANDONED", "REFUSED"})
        String state,

        int shards,
        Instant createdAt,
        @Schema(nullable = true) Instant joinDeadline,
        @Schema(nullable = true) Instant startAt,
        @Schema(nullable = true) Instant resultDeadline,
        List<MemberView> members,
        List<Integer> missing,
        @Schema(nullable = true) String detail,
        @Schema(nullable = true) String runId,
        @Schema(nullable = true) String run) {

    /** Whether the round has ended one way or another. */
    public boolean finished() {
        return !state.equals("JOINING") && !state.equals("STARTED");
    }

    /**
     * One generator of the round.
     *
     * @param index    its index, from 0
     * @param generator who it is: host name and process id
     * @param joinedAt when it joined
     * @param readyAt  when it said it was ready (its targets answer); null before
     * @param resultAt when its result came; null before
     * @param status   its result's status; null before
     */
    public record MemberView(
            int index,
            String generator,
            Instant joinedAt,
            @Schema(nullable = true) Instant readyAt,
            @Schema(nullable = true) Instant resultAt,
            @Schema(nullable = true) String status) {}
}
