package dev.echolab.shards;

import dev.echolab.shards.Round.State;
import dev.echolab.stress.Coordination;
import dev.echolab.stress.ShardMerge;
import dev.echolab.stress.StressProperties;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The coordinator's memory: every round of every group of generators ({@code run --coordinator}), newest first.
 * Generators join a round, say when they are ready, are given one start instant once all N are, and post their
 * results; the round is then merged ({@link ShardMerge}, the same code as the {@code merge} command) and the run
 * handed to {@link StressRuns} to be stored like any other. A thread ({@code echo-lab-shards-deadlines}) ends the
 * rounds whose deadline passed: a round not ready in time is abandoned; one whose results are late is merged from
 * those that came, the others reported missing. Rounds live in memory only: a restart of the service forgets the
 * rounds going (their generators then fail, and say so). Thread-safe: every change is under this object's lock.
 *
 * <p>Over 300 lines because a round's life (join, ready, start, results, merge, deadlines) is one state machine
 * under one lock, and every transition reads best beside the others; the round's own data is {@link Round}. Should
 * it grow, the seam is the deadline sweep apart from the transitions the generators drive.
 */
@Component
class ShardRounds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShardRounds.class);
    private static final Duration SWEEP = Duration.ofMillis(500);

    private final ShardsProperties settings;
    private final Duration longestRun;
    private final StressRuns runs;
    private final InstantSource clock;
    /** Newest first, every group's. */
    private final Deque<Round> rounds = new ArrayDeque<>();

    private ScheduledExecutorService deadlines;

    @Autowired
    ShardRounds(ShardsProperties settings, StressProperties limits, StressRuns runs) {
        this(settings, limits.maxDuration(), runs, InstantSource.system());
    }

    ShardRounds(ShardsProperties settings, Duration longestRun, StressRuns runs, InstantSource clock) {
        this.settings = settings;
        this.longestRun = longestRun;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * A generator joins: the round it names, or the group's round still joining, or a new one.
     *
     * @throws org.springframework.web.ErrorResponseException when its index is taken, N differs, the round is full or has started
     */
    synchronized Membership join(String group, JoinRequest request) {
        Instant now = clock.instant();
        Round round = roundToJoin(group, request.round(), request.shards(), now);
        int index = claim(round, request, now);
        log.info(
                "shard {}/{} of {} (round {}) joined from {}",
                index,
                round.count,
                group,
                round.id,
                request.generator());
        return new Membership(group, round.id, index, round.count);
    }

    /** The member is ready: its targets answer. Once all N are, the start instant is set. */
    synchronized RoundView ready(String group, String roundId, int index, String generator, StressRequest request) {
        Round round = round(group, roundId).orElseThrow(() -> ShardProblems.unknownRound(group, roundId));
        Round.Member member = member(round, index, generator);
        if (round.state == State.JOINING && member.readyAt == null) {
            member.request = request;
            member.readyAt = clock.instant();
            if (round.everyoneReady()) {
                start(round);
            }
        } else if (round.state.finished()) {
            throw ShardProblems.finished(round);
        }
        return round.view();
    }

    /** A member's result; once every member's has come, the round is merged. */
    synchronized RoundView result(String group, String roundId, int index, String generator, StressRun run) {
        Round round = round(group, roundId).orElseThrow(() -> ShardProblems.unknownRound(group, roundId));
        Round.Member member = member(round, index, generator);
        if (round.state != State.STARTED) {
            throw round.state == State.JOINING ? ShardProblems.notStarted(round) : ShardProblems.finished(round);
        }
        if (member.result != null) {
            throw ShardProblems.resultTwice(round, index, member.resultAt);
        }
        member.result = run;
        member.resultAt = clock.instant();
        log.info(
                "shard {}/{} of {} (round {}) posted its result: {}",
                index,
                round.count,
                group,
                round.id,
                run.status());
        if (round.everyResultIn()) {
            merge(round);
        }
        return round.view();
    }

    /** The group's newest round; with a round id, that one. */
    synchronized Optional<RoundView> find(String group, String roundId) {
        return (roundId == null ? newest(group) : round(group, roundId)).map(Round::view);
    }

    /** The newest round of every group, newest first. */
    synchronized List<RoundView> groups() {
        List<String> seen = new ArrayList<>();
        List<RoundView> newest = new ArrayList<>();
        for (Round round : rounds) {
            if (!seen.contains(round.group)) {
                seen.add(round.group);
                newest.add(round.view());
            }
        }
        return newest;
    }

    /** An operator gives up the group's round that has not finished: it is abandoned, nothing is merged. */
    synchronized Optional<RoundView> abandon(String group) {
        Optional<Round> open = newest(group).filter(r -> !r.state.finished());
        open.ifPresent(r -> {
            r.end(State.ABANDONED, "Abandoned by an operator (DELETE /api/shards/" + group + ").");
            log.info("round {} of {} abandoned by an operator", r.id, group);
        });
        return open.map(Round::view);
    }

    /** Ends the rounds whose deadline has passed. */
    synchronized void sweep() {
        Instant now = clock.instant();
        for (Round round : rounds) {
            if (round.state == State.JOINING && now.isAfter(round.joinDeadline)) {
                round.end(
                        State.ABANDONED,
                        "Not every shard was ready within "
                                + settings.joinTimeout().toSeconds() + " s of the first join; missing: "
                                + round.missing() + ".");
                log.warn("round {} of {} abandoned: shards {} not ready in time", round.id, round.group, round.ended);
            } else if (round.state == State.STARTED && now.isAfter(round.resultDeadline)) {
                if (round.results().isEmpty()) {
                    round.end(State.ABANDONED, "No shard posted a result by " + round.resultDeadline + ".");
                    log.warn("round {} of {} abandoned: no result came", round.id, round.group);
                } else {
                    merge(round);
                }
            }
        }
    }

    private Round roundToJoin(String group, String named, int shards, Instant now) {
        if (named != null) {
            Optional<Round> same = round(group, named);
            if (same.isPresent()) {
                return same.get();
            }
            // A new run of the group (a Job made again): a round of the old one still joining will never start.
            for (Round old : rounds) {
                if (old.group.equals(group) && old.state == State.JOINING) {
                    old.end(State.ABANDONED, "Superseded by round " + named + " of the same group.");
                }
            }
            return open(new Round(group, named, true, shards, now, settings.joinTimeout()));
        }
        // The round going (a generator that comes after its start is refused, rather than left waiting alone in a
        // new round), or a new one once it has ended.
        Optional<Round> going = newest(group).filter(r -> !r.state.finished() && !r.named);
        return going.orElseGet(() -> open(new Round(
                group, UUID.randomUUID().toString().substring(0, 8), false, shards, now, settings.joinTimeout())));
    }

    /** The index the joining generator holds from now on. */
    private int claim(Round round, JoinRequest request, Instant now) {
        String generator = request.generator();
        int held = round.indexOf(generator);
        if (round.count != request.shards()) {
            throw ShardProblems.otherCount(round, request.shards());
        }
        if (request.index() != null && request.index() >= round.count) {
            throw ShardProblems.indexOutOfRange(request.index(), round.count);
        }
        if (held >= 0 && (request.index() == null || request.index() == held)) {
            return held; // the same generator again (a retry): its index back
        }
        if (round.state != State.JOINING) {
            throw round.state == State.STARTED
                    ? ShardProblems.started(round, request.index())
                    : ShardProblems.finished(round);
        }
        int index = request.index() == null ? round.freeIndex() : request.index();
        if (index < 0) {
            throw ShardProblems.full(round);
        }
        Round.Member holder = round.members[index];
        // In a round the generators named (a Job's uid), a new pod for a taken index replaces one that is gone: a Job
        // makes a replacement only once the pod before it has ended. Elsewhere two generators claim one index.
        if (holder != null && !round.named) {
            throw ShardProblems.indexTaken(round, index, holder.generator);
        }
        round.members[index] = new Round.Member(index, generator, now);
        return index;
    }

    private void start(Round round) {
        round.state = State.STARTED;
        round.startAt = clock.instant().plus(settings.startLead()).truncatedTo(ChronoUnit.MILLIS);
        Duration longest = Duration.ZERO;
        for (Round.Member m : round.members) {
            Duration expected = m.expected(longestRun);
            longest = expected.compareTo(longest) > 0 ? expected : longest;
        }
        round.resultDeadline = round.startAt.plus(longest).plus(settings.resultGrace());
        log.info("round {} of {}: all {} shards ready, start at {}", round.id, round.group, round.count, round.startAt);
    }

    /** Merges the results that came, marks what is missing, and stores the run. */
    private void merge(Round round) {
        List<StressRun> shards = round.results();
        List<Integer> missing = round.missing();
        ShardMerge.Merged merged;
        try {
            // The same code and refusals as the merge command; with shards missing, merged as partial.
            merged = ShardMerge.merge(shards, !missing.isEmpty());
        } catch (IllegalArgumentException e) {
            round.end(State.REFUSED, "merge refused the shards' results: " + e.getMessage());
            log.warn("round {} of {}: {}", round.id, round.group, round.detail);
            return;
        }
        Coordination coordination = coordination(round, missing);
        StressRun stored = runs.adopt(merged.run(), coordination);
        round.runId = stored.id();
        round.end(State.MERGED, coordination.partial() ? "Partial: " + partialReason(coordination) : null);
        log.info(
                "round {} of {} merged into run {} ({}{})",
                round.id,
                round.group,
                stored.id(),
                stored.status(),
                coordination.partial() ? ", partial" : "");
    }

    private Coordination coordination(Round round, List<Integer> missing) {
        List<Coordination.Member> members = new ArrayList<>();
        for (int i = 0; i < round.count; i++) {
            Round.Member m = round.members[i];
            StressRun run = m == null ? null : m.result;
            if (run == null) {
                members.add(new Coordination.Member(
                        i, m == null ? null : m.generator, Coordination.Member.MISSING, null, null, List.of()));
            } else {
                Instant started = run.startedAt();
                members.add(new Coordination.Member(
                        i,
                        m.generator,
                        run.status().name(),
                        started,
                        started == null ? null : ChronoUnit.MICROS.between(round.startAt, started),
                        run.results()));
            }
        }
        boolean cancelled = members.stream().anyMatch(m -> m.status().equals(StressRun.Status.CANCELLED.name()));
        return new Coordination(
                round.group, round.id, round.count, round.startAt, !missing.isEmpty() || cancelled, missing, members);
    }

    private static String partialReason(Coordination c) {
        List<Integer> cancelled = c.members().stream()
                .filter(m -> m.status().equals(StressRun.Status.CANCELLED.name()))
                .map(Coordination.Member::index)
                .toList();
        List<String> parts = new ArrayList<>();
        if (!c.missing().isEmpty()) {
            parts.add("no result from shards " + c.missing());
        }
        if (!cancelled.isEmpty()) {
            parts.add("shards " + cancelled + " were stopped before the end (their results cover what they measured)");
        }
        return String.join("; ", parts) + ".";
    }

    private Round.Member member(Round round, int index, String generator) {
        Round.Member member = index >= 0 && index < round.count ? round.members[index] : null;
        if (member == null || !member.generator.equals(generator)) {
            throw ShardProblems.notMember(round, index, generator);
        }
        return member;
    }

    private Round open(Round round) {
        rounds.addFirst(round);
        // The oldest finished rounds go first; rounds going are kept whatever their number.
        Iterator<Round> oldestFirst = rounds.descendingIterator();
        while (rounds.size() > settings.rounds() && oldestFirst.hasNext()) {
            if (oldestFirst.next().state.finished()) {
                oldestFirst.remove();
            }
        }
        return round;
    }

    private Optional<Round> newest(String group) {
        return rounds.stream().filter(r -> r.group.equals(group)).findFirst();
    }

    private Optional<Round> round(String group, String id) {
        return rounds.stream()
                .filter(r -> r.group.equals(group) && r.id.equals(id))
                .findFirst();
    }

    @Override
    public synchronized void start() {
        deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("echo-lab-shards-deadlines").daemon().factory());
        deadlines.scheduleWithFixedDelay(this::sweepQuietly, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // One bad round must not stop the deadlines of the others: the thread would die with the exception.
            log.error("ending the rounds past their deadline failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (deadlines != null) {
            deadlines.shutdownNow();
            deadlines = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return deadlines != null;
    }
}
