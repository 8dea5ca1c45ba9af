package dev.echolab.stress;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A stress run as the API shows it: {@code GET /api/stress/{id}}. Field names are part of the API.
 *
 * @param id         short random id
 * @param status     QUEUED, RUNNING, then SUCCEEDED (every model clean), FAILED (any model failed), INCONCLUSIVE
 *                   (none failed, but at least one measured nothing valid of its server) or CANCELLED
 * @param progress   0 to 1 over all models
 * @param request    what was asked, defaults filled in
 * @param live       the model under load now; null before the first tick and once the run has ended
 * @param results    one per model loaded so far, in the order asked
 * @param manifest   where it ran: commit, JDK, JVM flags, cores, load average; null for a run stored without one
 * @param storage    whether it is in the history database yet
 * @param sharding   a shard of a run split across load generators, or such shards merged; null otherwise
 * @param coordination for a run merged from the shards of a coordinated run: the group, each shard's figures and
 *                     how far apart they started; null for any other run
 */
public record StressRun(
        String id,
        Status status,
        double progress,
        StressRequest request,
        Instant createdAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(nullable = true) Live live,
        List<ModelResult> results,
        @Schema(nullable = true) Manifest manifest,
        @Schema(nullable = true) Storage storage,
        @Schema(nullable = true) Sharding sharding,
        @Schema(nullable = true) Coordination coordination) {

    /** A run of this process, never split: no sharding, no coordination. */
    public StressRun(
            String id,
            Status status,
            double progress,
            StressRequest request,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Live live,
            List<ModelResult> results,
            Manifest manifest,
            Storage storage) {
        this(
                id,
                status,
                progress,
                request,
                createdAt,
                startedAt,
                finishedAt,
                live,
                results,
                manifest,
                storage,
                null,
                null);
    }

    public enum Status {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED,
        INCONCLUSIVE;

        public boolean finished() {
            return this != QUEUED && this != RUNNING;
        }

        /** A finished run's status from its models': the worst of them, failed before inconclusive. */
        public static Status of(List<ModelResult> results) {
            if (results.stream().anyMatch(r -> r.status() == ModelResult.Status.FAILED)) {
                return FAILED;
            }
            return results.stream().anyMatch(r -> r.status() == ModelResult.Status.INCONCLUSIVE)
                    ? INCONCLUSIVE
                    : SUCCEEDED;
        }
    }

    public boolean finished() {
        return status.finished();
    }

    /** The same run, with its storage state. */
    public StressRun withStorage(Storage newStorage) {
        return with(id, newStorage, sharding, coordination);
    }

    /** The same run, as one shard of a split run (or as shards merged). */
    public StressRun withSharding(Sharding newSharding) {
        return with(id, storage, newSharding, coordination);
    }

    /** The same run, under another id, as the merge of a coordinated run's shards. */
    public StressRun coordinated(String newId, Coordination newCoordination) {
        return with(newId, storage, sharding, newCoordination);
    }

    private StressRun with(String newId, Storage newStorage, Sharding newSharding, Coordination newCoordination) {
        return new StressRun(
                newId,
                status,
                progress,
                request,
                createdAt,
                startedAt,
                finishedAt,
                live,
                results,
                manifest,
                newStorage,
                newSharding,
                newCoordination);
    }
}
