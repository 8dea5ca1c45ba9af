package dev.echolab.shards;

import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One run of a group of generators, from the first join to its merged run: who joined with which index, when each
 * was ready, the start instant, and each shard's result. A small state machine (JOINING, STARTED, then MERGED,
 * ABANDONED or REFUSED), changed only under the lock of {@link ShardRounds}; its views are copies.
 */
final class Round {

    /** Where a round is. */
    enum State {
        /** Generators join and get ready; no start instant yet. */
        JOINING,
        /** Every generator was ready: the start instant is set; results are awaited. */
        STARTED,
        /** The results were merged and the run stored. */
        MERGED,
        /** Given up before a merge: not every generator was ready in time, none posted a result, or an operator. */
        ABANDONED,
        /** The results came, but merge refused them (its reason is the detail). */
        REFUSED;

        boolean finished() {
            return this == MERGED || this == ABANDONED || this == REFUSED;
        }
    }

    /** One generator: set at join, then ready, then its result. */
    static final class Member {
        final int index;
        final String generator;
        final Instant joinedAt;
        /** What it will run, as it said when ready. */
        StressRequest request;

        Instant readyAt;
        StressRun result;
        Instant resultAt;

        Member(int index, String generator, Instant joinedAt) {
            this.index = index;
            this.generator = generator;
            this.joinedAt = joinedAt;
        }

        /** How long its run should take once started: ramp-up, warm-up and duration (or the longest a run may). */
        Duration expected(Duration longest) {
            double seconds = request.rampUpSeconds() + request.warmupSeconds();
            return request.durationSeconds() == null
                    ? Duration.ofMillis(Math.round(seconds * 1e3)).plus(longest)
                    : Duration.ofMillis(Math.round((seconds + request.durationSeconds()) * 1e3));
        }
    }

    final String group;
    final String id;
    /** Whether the generators named the round (a Job's uid) rather than the coordinator. */
    final boolean named;

    final int count;
    final Instant createdAt;
    final Instant joinDeadline;
    final Member[] members;
    State state = State.JOINING;
    Instant startAt;
    Instant resultDeadline;
    /** Why it was abandoned or refused, in words. */
    String detail;
    /** The merged run's id, once stored. */
    String runId;
    /** The indices missing when it finished: not ready when abandoned while joining, without a result after. */
    List<Integer> ended;

    Round(String group, String id, boolean named, int count, Instant now, Duration joinTimeout) {
        this.group = group;
        this.id = id;
        this.named = named;
        this.count = count;
        this.createdAt = now;
        this.joinDeadline = now.plus(joinTimeout);
        this.members = new Member[count];
    }

    /** Finishes the round in this state, keeping which shards were missing. */
    void end(State finalState, String why) {
        ended = missing();
        state = finalState;
        detail = why;
    }

    boolean everyoneReady() {
        return IntStream.range(0, count).allMatch(i -> members[i] != null && members[i].readyAt != null);
    }

    boolean everyResultIn() {
        return IntStream.range(0, count).allMatch(i -> members[i] != null && members[i].result != null);
    }

    /** Indices without a member that is ready (while joining) or without a result (once started). */
    List<Integer> missing() {
        return IntStream.range(0, count)
                .filter(i -> members[i] == null
                        || (state == State.JOINING ? members[i].readyAt == null : members[i].result == null))
                .boxed()
                .toList();
    }

    /** The lowest index nobody holds; -1 when every one is taken. */
    int freeIndex() {
        return IntStream.range(0, count)
                .filter(i -> members[i] == null)
                .findFirst()
                .orElse(-1);
    }

    /** The index this generator holds; -1 when none. */
    int indexOf(String generator) {
        return IntStream.range(0, count)
                .filter(i -> members[i] != null && members[i].generator.equals(generator))
                .findFirst()
                .orElse(-1);
    }

    /** The results that came, by index. */
    List<StressRun> results() {
        List<StressRun> results = new ArrayList<>();
        for (Member m : members) {
            if (m != null && m.result != null) {
                results.add(m.result);
            }
        }
        return results;
    }

    RoundView view() {
        List<RoundView.MemberView> views = new ArrayList<>();
        for (Member m : members) {
            if (m != null) {
                views.add(new RoundView.MemberView(
                        m.index,
                        m.generator,
                        m.joinedAt,
                        m.readyAt,
                        m.resultAt,
                        m.result == null ? null : m.result.status().name()));
            }
        }
        return new RoundView(
                group,
                id,
                state.name(),
                count,
                createdAt,
                state == State.JOINING ? joinDeadline : null,
                startAt,
                resultDeadline,
                views,
                ended == null ? missing() : ended,
                detail,
                runId,
                runId == null ? null : "/api/stress/" + runId);
    }
}
