package dev.echolab.shards;

import dev.echolab.web.ProblemType;
import dev.echolab.web.ProblemTypeCatalog;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The problem types of the coordinator of sharded runs ({@code /api/shards}). See {@link ProblemType}.
 */
public enum ShardProblemType implements ProblemType {
    UNKNOWN_SHARD_ROUND(
            "unknown-shard-round",
            HttpStatus.NOT_FOUND,
            "Unknown group or round",
            "No round of coordinated load generators has this group (and round id): none joined it yet, or the "
                    + "coordinator forgot it (rounds live in the service's memory: a restart forgets them, and only "
                    + "the newest echo.shards.rounds are kept).",
            "Start the generators with run --coordinator, or list the groups with GET /api/shards. A merged "
                    + "round's run stays in the history (GET /api/stress)."),
    SHARD_REFUSED(
            "shard-refused",
            HttpStatus.CONFLICT,
            "Shard refused",
            "A load generator's call does not fit its round: its N differs from the round's, its index is beyond N "
                    + "or held by another generator, the round has all its shards already, has started without it or "
                    + "has ended, it already posted its result, or it speaks for an index it does not hold.",
            "Read the detail. Give each run of a group its own round (--round, a Kubernetes Job's uid), or give up "
                    + "a stale round with DELETE /api/shards/{group}. A shard that missed the start cannot join "
                    + "late: the run is merged without it and says so.");

    private final Definition definition;

    ShardProblemType(String slug, HttpStatus status, String title, String meaning, String whatToDo) {
        this.definition = new Definition(slug, status, title, meaning, whatToDo);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** Lists these types on the problem pages. */
    @Component
    @Order(3)
    static class Catalog implements ProblemTypeCatalog {
        @Override
        public List<ProblemType> types() {
            return List.of(values());
        }
    }
}
