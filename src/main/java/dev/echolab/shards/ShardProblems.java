package dev.echolab.shards;

import dev.echolab.web.RequestProblemType;
import java.time.Instant;
import org.springframework.web.ErrorResponseException;

/** The coordinator's own errors, as problems of the {@link ShardProblemType}s it owns; each detail says what to do. */
final class ShardProblems {

    private ShardProblems() {}

    static ErrorResponseException unknownRound(String group, String round) {
        return ShardProblemType.UNKNOWN_SHARD_ROUND.exception(
                round == null
                        ? "No round of group '" + group + "' is known (none joined yet, or it was forgotten)."
                        : "Group '" + group + "' has no round '" + round + "' (never joined, or forgotten).");
    }

    static ErrorResponseException noRequest() {
        return RequestProblemType.INVALID_REQUEST.exception("request: a shard that is ready says what it will run");
    }

    static ErrorResponseException noRun() {
        return RequestProblemType.INVALID_REQUEST.exception("run: the result must be in the body");
    }

    static ErrorResponseException otherCount(Round round, int shards) {
        return refused(
                round,
                "it has " + round.count + " shards, and this generator says " + shards
                        + ": every generator of a round must be given the same N.");
    }

    static ErrorResponseException indexOutOfRange(int index, int count) {
        return RequestProblemType.INVALID_REQUEST.exception(
                "index: must be below shards (" + count + "), not " + index);
    }

    static ErrorResponseException indexTaken(Round round, int index, String generator) {
        return refused(
                round,
                "shard " + index + " is held by " + generator + ". Two generators cannot share an index; "
                        + "if that one is gone, give up the round (DELETE /api/shards/" + round.group
                        + ") and start again.");
    }

    static ErrorResponseException full(Round round) {
        return refused(
                round,
                "all " + round.count + " shards have joined. A generator beyond N has no share; if "
                        + "those generators are gone, give up the round (DELETE /api/shards/" + round.group + ").");
    }

    static ErrorResponseException started(Round round, Integer index) {
        return refused(
                round,
                "it started at " + round.startAt + (index == null ? "" : " without shard " + index)
                        + ". A late shard would run short of the others: the run is merged without it.");
    }

    static ErrorResponseException notStarted(Round round) {
        return refused(round, "it has not started: a result can come only after the start instant.");
    }

    static ErrorResponseException finished(Round round) {
        return refused(
                round, "it has ended (" + round.state + (round.detail == null ? "" : ": " + round.detail) + ").");
    }

    static ErrorResponseException resultTwice(Round round, int index, Instant at) {
        return refused(round, "shard " + index + " posted its result already, at " + at + ".");
    }

    static ErrorResponseException notMember(Round round, int index, String generator) {
        return refused(
                round,
                "shard " + index + " is not held by " + generator + ": join first " + "(POST /api/shards/" + round.group
                        + "/members), then speak for the index you were given.");
    }

    private static ErrorResponseException refused(Round round, String why) {
        return ShardProblemType.SHARD_REFUSED.exception(
                "Round " + round.id + " of group '" + round.group + "' refuses this: " + why);
    }
}
