package dev.echolab.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoProperties;
import dev.echolab.server.EchoServers;
import dev.echolab.server.EchoServersConfig;
import dev.echolab.server.IoModel;
import dev.echolab.stress.Coordination;
import dev.echolab.stress.MemoryArchive;
import dev.echolab.stress.ModelResult;
import dev.echolab.stress.ResolvedTarget;
import dev.echolab.stress.StressProperties;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A round from the first join to its stored run, on a clock the test moves: one start instant once all N are ready,
 * results merged and stored with their coordination, the deadlines (abandoned, partial with the missing indices), and
 * every refusal. The shards' results are real: three short runs of the load generator against a real server.
 *
 * <p>Over 300 lines: six journeys of a round on one moving clock, sharing the real shard runs they merge.
 */
@Timeout(60)
class ShardRoundsTests {

    private static final String GROUP = "bench";
    private static final Duration LEAD = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static EchoServers servers;
    /** Three real shard results, 0/3, 1/3 and 2/3. */
    private static List<StressRun> shards;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    private final StressRuns stored = runs();
    private final ShardRounds rounds = new ShardRounds(
            new ShardsProperties(LEAD, Duration.ofMinutes(10), GRACE, 50), Duration.ofMinutes(10), stored, now::get);

    @BeforeAll
    static void threeShardsRunAgainstARealServer() throws Exception {
        servers = EchoServersConfig.servers(echo());
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getLoopbackAddress(),
                servers.start(IoModel.MULTIPLEXING, 0).port());
        StressRuns generator = runs();
        shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StressRequest request = new StressRequest(
                    null,
                    List.of(address.getHostString() + ":" + address.getPort()),
                    2,
                    64,
                    null,
                    20L,
                    0.0,
                    1,
                    null,
                    0.0,
                    2_000,
                    2_000);
            String id = generator
                    .submit(request, List.of(ResolvedTarget.free("multiplexing", address)))
                    .id();
            await().until(() -> generator.find(id).orElseThrow().finished());
            StressRun run = generator.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(StressRun.Status.SUCCEEDED);
            shards.add(withResults(
                    run, run.status(), List.of(run.results().getFirst().withShard(i + "/3"))));
        }
    }

    @AfterAll
    static void stopServer() {
        servers.stop(IoModel.MULTIPLEXING);
    }

    @Test
    void shardsStartAtOneInstantOnceAllAreReadyAndMergeIntoOneStoredRun() {
        List<Membership> joined = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            joined.add(rounds.join(GROUP, new JoinRequest(null, null, 3, "gen-" + i + ":1")));
        }
        assertThat(joined).extracting(Membership::index).containsExactly(0, 1, 2);
        assertThat(joined)
                .extracting(Membership::round)
                .containsOnly(joined.getFirst().round());
        String round = joined.getFirst().round();

        assertThat(ready(round, 0).state()).isEqualTo("JOINING");
        assertThat(ready(round, 1).startAt()).isNull();
        now.set(now.get().plusMillis(1234));
        RoundView started = ready(round, 2);
        assertThat(started.state()).isEqualTo("STARTED");
        assertThat(started.startAt()).isEqualTo(now.get().plus(LEAD));
        assertThat(started.resultDeadline())
                .as("start, then warm-up and duration (none: a message count, so the longest a run may last)")
                .isEqualTo(started.startAt().plus(Duration.ofMinutes(10)).plus(GRACE));

        post(round, 0, shards.get(0));
        post(round, 2, shards.get(2));
        RoundView merged = post(round, 1, shards.get(1));

        assertThat(merged.state()).isEqualTo("MERGED");
        assertThat(merged.missing()).isEmpty();
        StressRun run = stored.find(merged.runId()).orElseThrow();
        assertThat(merged.run()).isEqualTo("/api/stress/" + run.id());
        assertThat(run.status()).isEqualTo(StressRun.Status.SUCCEEDED);
        assertThat(run.results()).hasSize(1);
        ModelResult result = run.results().getFirst();
        assertThat(result.messages().echoed())
                .isEqualTo(shards.stream()
                        .mapToLong(s -> s.results().getFirst().messages().echoed())
                        .sum());
        assertThat(result.connections().established()).isEqualTo(6);
        Coordination coordination = run.coordination();
        assertThat(coordination.group()).isEqualTo(GROUP);
        assertThat(coordination.round()).isEqualTo(round);
        assertThat(coordination.shards()).isEqualTo(3);
        assertThat(coordination.startAt()).isEqualTo(started.startAt());
        assertThat(coordination.partial()).isFalse();
        assertThat(coordination.members())
                .extracting(Coordination.Member::status)
                .containsOnly("SUCCEEDED");
        assertThat(coordination.members().get(1).results())
                .isEqualTo(shards.get(1).results());
        List<Instant> starts =
                shards.stream().map(StressRun::startedAt).sorted().toList();
        // How far apart they started is the merged run's sharding, as merge reports it: at least the runs' starts.
        assertThat(run.sharding().startSkewMicros())
                .isGreaterThanOrEqualTo(ChronoUnit.MICROS.between(starts.getFirst(), starts.getLast()));
        assertThat(run.sharding().shards()).containsExactly("0/3", "1/3", "2/3");
        assertThat(coordination.members().getFirst().lateMicros())
                .isEqualTo(ChronoUnit.MICROS.between(
                        started.startAt(), shards.getFirst().startedAt()));
        assertThat(run.sharding().windows())
                .singleElement()
                .satisfies(w -> assertThat(w.shards()).containsExactlyInAnyOrder("0/3", "1/3", "2/3"));
    }

    @Test
    void aShardWithoutAResultByTheDeadlineIsMissingAndAStoppedOneMakesTheRunPartialToo() {
        String round = startedRound(3);
        post(round, 0, shards.get(0));
        StressRun stopped = withResults(
                shards.get(1), StressRun.Status.CANCELLED, shards.get(1).results());
        post(round, 1, stopped);
        rounds.sweep();
        assertThat(rounds.find(GROUP, round).orElseThrow().state())
                .as("before the deadline")
                .isEqualTo("STARTED");

        now.set(rounds.find(GROUP, round).orElseThrow().resultDeadline().plusMillis(1));
        rounds.sweep();

        RoundView merged = rounds.find(GROUP, round).orElseThrow();
        assertThat(merged.state()).isEqualTo("MERGED");
        assertThat(merged.missing()).containsExactly(2);
        assertThat(merged.detail()).contains("no result from shards [2]", "shards [1] were stopped");
        Coordination coordination = stored.find(merged.runId()).orElseThrow().coordination();
        assertThat(coordination.partial()).isTrue();
        assertThat(coordination.missing()).containsExactly(2);
        assertThat(coordination.members())
                .extracting(Coordination.Member::status)
                .containsExactly("SUCCEEDED", "CANCELLED", "MISSING");
        assertThat(coordination.members().get(2).results()).isEmpty();
        assertThat(stored.find(merged.runId()).orElseThrow().status()).isEqualTo(StressRun.Status.CANCELLED);
    }

    @Test
    void roundsNotReadyInTimeOrWithoutAnyResultAreAbandoned() {
        String waiting = join(null, null, 2, "gen-0:1").round();
        ready(waiting, 0);
        now.set(now.get().plus(Duration.ofMinutes(10)).plusSeconds(1));
        rounds.sweep();
        RoundView abandoned = rounds.find(GROUP, waiting).orElseThrow();
        assertThat(abandoned.state()).isEqualTo("ABANDONED");
        assertThat(abandoned.missing()).containsExactly(1);
        assertThat(abandoned.detail()).contains("was ready within", "missing: [1]");

        String silent = startedRound(2);
        now.set(rounds.find(GROUP, silent).orElseThrow().resultDeadline().plusSeconds(1));
        rounds.sweep();
        assertThat(rounds.find(GROUP, silent).orElseThrow().state()).isEqualTo("ABANDONED");
        assertThat(stored.list(new dev.echolab.stress.RunQuery(null, null, null, null))
                        .total())
                .isZero();
    }

    @Test
    void resultsMergeRefusesEndTheRoundRefusedWithItsReason() {
        String round = startedRound(2);
        // Shards of this round of 2, so that nothing but the histogram stands in the way.
        post(
                round,
                0,
                withResults(
                        shards.get(0),
                        StressRun.Status.SUCCEEDED,
                        List.of(shards.get(0).results().getFirst().withShard("0/2"))));
        ModelResult corrupt = shards.get(1).results().getFirst().withShard("1/2");
        corrupt = new ModelResult(
                corrupt.model(),
                corrupt.repeat(),
                corrupt.status(),
                corrupt.target(),
                corrupt.startedAt(),
                corrupt.finishedAt(),
                corrupt.measuredSeconds(),
                corrupt.connections(),
                corrupt.messages(),
                corrupt.bytes(),
                corrupt.throughput(),
                corrupt.latencyMicros(),
                corrupt.errors(),
                corrupt.integrity(),
                corrupt.cost(),
                corrupt.client(),
                corrupt.clientBound(),
                corrupt.machineBound(),
                corrupt.notes(),
                "not a histogram",
                corrupt.measuredFrom(),
                corrupt.measuredTo(),
                corrupt.perSecond(),
                corrupt.shard());
        RoundView refused = post(round, 1, withResults(shards.get(1), StressRun.Status.SUCCEEDED, List.of(corrupt)));

        assertThat(refused.state()).isEqualTo("REFUSED");
        assertThat(refused.detail()).contains("merge refused", "latencyHistogram");
        assertThat(refused.runId()).isNull();
    }

    @Test
    void joiningIsRefusedWhereTwoGeneratorsWouldShareAnIndexOrARoundWouldMixRuns() {
        Membership first = join(null, 1, 3, "gen-a:1");
        assertThat(join(null, 1, 3, "gen-a:1").index())
                .as("the same generator again")
                .isEqualTo(1);
        assertThat(join(null, null, 3, "gen-a:1").index()).isEqualTo(1);
        assertRefused(() -> join(null, 1, 3, "gen-b:1"), HttpStatus.CONFLICT, "shard 1 is held by gen-a:1");
        assertRefused(() -> join(null, null, 4, "gen-b:1"), HttpStatus.CONFLICT, "it has 3 shards");
        assertRefused(() -> join(null, 3, 3, "gen-b:1"), HttpStatus.BAD_REQUEST, "index: must be below shards (3)");
        join(null, null, 3, "gen-b:1");
        join(null, null, 3, "gen-c:1");
        assertRefused(() -> join(null, null, 3, "gen-d:1"), HttpStatus.CONFLICT, "all 3 shards have joined");
        assertRefused(
                () -> rounds.result(GROUP, first.round(), 1, "gen-a:1", shards.get(1)),
                HttpStatus.CONFLICT,
                "has not started");
        assertRefused(
                () -> rounds.ready(
                        GROUP, first.round(), 1, "gen-b:1", shards.get(1).request()),
                HttpStatus.CONFLICT,
                "shard 1 is not held by gen-b:1");
        List<String> holders = List.of("gen-b:1", "gen-a:1", "gen-c:1"); // by index: gen-b was given the free 0
        for (int i = 0; i < 3; i++) {
            rounds.ready(GROUP, first.round(), i, holders.get(i), shards.get(i).request());
        }
        assertRefused(() -> join(null, null, 3, "gen-e:1"), HttpStatus.CONFLICT, "started at");
        rounds.result(GROUP, first.round(), 0, "gen-b:1", shards.get(0));
        assertRefused(
                () -> rounds.result(GROUP, first.round(), 0, "gen-b:1", shards.get(0)),
                HttpStatus.CONFLICT,
                "posted its result already");
        assertRefused(
                () -> rounds.ready(GROUP, "nope", 0, "gen-a:1", shards.get(0).request()),
                HttpStatus.NOT_FOUND,
                "no round 'nope'");
    }

    @Test
    void aNamedRoundTakesReplacementPodsWhileJoiningAndANewRoundSupersedesTheOld() {
        Membership old = join("job-uid-1", 0, 2, "pod-a:1");
        assertThat(old.round()).isEqualTo("job-uid-1");
        Membership replacement = join("job-uid-1", 0, 2, "pod-a2:1");
        assertThat(replacement.index())
                .as("a Job's new pod for an index takes it: the Job replaced the old one")
                .isEqualTo(0);
        assertThat(rounds.find(GROUP, "job-uid-1").orElseThrow().members())
                .extracting(RoundView.MemberView::generator)
                .containsExactly("pod-a2:1");

        join("job-uid-2", 0, 2, "pod-b:1");
        RoundView superseded = rounds.find(GROUP, "job-uid-1").orElseThrow();
        assertThat(superseded.state()).isEqualTo("ABANDONED");
        assertThat(superseded.detail()).contains("Superseded by round job-uid-2");
        assertThat(rounds.find(GROUP, null).orElseThrow().round()).isEqualTo("job-uid-2");
        assertThat(rounds.abandon(GROUP).orElseThrow().state()).isEqualTo("ABANDONED");
        assertThat(rounds.abandon(GROUP)).as("nothing left open").isEmpty();
    }

    /** A round of {@code n} shards that joined and are ready: STARTED. */
    private String startedRound(int n) {
        String round = null;
        for (int i = 0; i < n; i++) {
            round = join(null, i, n, "gen-" + i + ":1").round();
        }
        for (int i = 0; i < n; i++) {
            ready(round, i);
        }
        assertThat(rounds.find(GROUP, round).orElseThrow().state()).isEqualTo("STARTED");
        return round;
    }

    private Membership join(String round, Integer index, int n, String generator) {
        return rounds.join(GROUP, new JoinRequest(round, index, n, generator));
    }

    private RoundView ready(String round, int index) {
        return rounds.ready(
                GROUP, round, index, "gen-" + index + ":1", shards.get(index).request());
    }

    private RoundView post(String round, int index, StressRun run) {
        return rounds.result(GROUP, round, index, "gen-" + index + ":1", run);
    }

    private static void assertRefused(Runnable call, HttpStatus status, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getBody().getDetail()).contains(detail);
        });
    }

    private static StressRun withResults(StressRun run, StressRun.Status status, List<ModelResult> results) {
        return new StressRun(
                run.id(),
                status,
                run.progress(),
                run.request(),
                run.createdAt(),
                run.startedAt(),
                run.finishedAt(),
                null,
                results,
                run.manifest(),
                null);
    }

    private static StressRuns runs() {
        return new StressRuns(
                new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("echo.stress", StressProperties.class),
                List.of(),
                new MemoryArchive(),
                new StaticListableBeanFactory().getBeanProvider(GitProperties.class));
    }

    private static EchoProperties echo() {
        return new Binder(new MapConfigurationPropertySource(Map.of("echo.autostart", "false")))
                .bindOrCreate("echo", EchoProperties.class);
    }
}
