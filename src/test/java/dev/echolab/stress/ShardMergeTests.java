package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echolab.stress.ModelResult.Client;
import dev.echolab.stress.ModelResult.Connections;
import dev.echolab.stress.ModelResult.Cost;
import dev.echolab.stress.ModelResult.Counts;
import dev.echolab.stress.ModelResult.Errors;
import dev.echolab.stress.ModelResult.Integrity;
import dev.echolab.stress.ModelResult.Latency;
import dev.echolab.stress.ModelResult.Messages;
import dev.echolab.stress.ModelResult.Second;
import dev.echolab.stress.ModelResult.Status;
import dev.echolab.stress.ModelResult.Throughput;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Merging shards: histograms exactly, counters summed, throughput over the common window only; refused when the sum
 * would lie (the same run or shard twice, runs split differently, missing shards, different profiles or builds);
 * partial only when asked; how far apart the shards started, against 5 % of the duration.
 *
 * <p>Over 300 lines: one refusal or rule of {@code ShardMerge} per test, on results built by the same helpers.
 */
class ShardMergeTests {

    private static final long T0 = 1_800_000_000L; // an epoch second

    @Test
    void mergingHistogramsEqualsOneHistogramThatRecordedEveryValue() {
        Random random = new Random(7);
        Histogram all = LoadGenerator.histogram();
        Histogram[] shards = {LoadGenerator.histogram(), LoadGenerator.histogram(), LoadGenerator.histogram()};
        for (int i = 0; i < 100_000; i++) {
            // Log-normal-ish round trips from ~10 µs to ~1 s, as a loaded server gives.
            long nanos = (long) Math.min(1e9, 10_000 * Math.exp(random.nextGaussian() * 2 + 1));
            all.recordValue(nanos);
            shards[random.nextInt(shards.length)].recordValue(nanos);
        }
        Histogram merged = ShardMerge.histogram(
                List.of(Results.encode(shards[0]), Results.encode(shards[1]), Results.encode(shards[2])));

        assertThat(merged.getTotalCount()).isEqualTo(all.getTotalCount());
        assertThat(merged.getMinValue()).isEqualTo(all.getMinValue());
        assertThat(merged.getMaxValue()).isEqualTo(all.getMaxValue());
        assertThat(merged.getMean()).isEqualTo(all.getMean());
        for (double p : new double[] {0, 1, 25, 50, 90, 99, 99.9, 99.99, 100}) {
            assertThat(merged.getValueAtPercentile(p)).as("p%s", p).isEqualTo(all.getValueAtPercentile(p));
        }
        all.recordedValues()
                .forEach(v -> assertThat(merged.getCountAtValue(v.getValueIteratedTo()))
                        .isEqualTo(v.getCountAtValueIteratedTo()));
        assertThat(ModelResult.Latency.of(merged)).isEqualTo(ModelResult.Latency.of(all));
    }

    @Test
    void countersAreSummedAndThroughputCoversOnlyTheSecondsEveryShardMeasured() {
        // Shard 0 measured [T0+0.2 s, T0+3.2 s), shard 1 [T0+0.7 s, T0+3.9 s): common window [T0+0.7, T0+3.2),
        // whose whole seconds are T0+1 and T0+2.
        ModelResult a = result(
                "0/2",
                6,
                micros(0.2),
                micros(3.2),
                List.of(second(0, 100), second(1, 300), second(2, 300), second(3, 60)),
                1_000,
                2_000);
        ModelResult b = result(
                "1/2",
                5,
                micros(0.7),
                micros(3.9),
                List.of(second(0, 50), second(1, 200), second(2, 200), second(3, 180)),
                3_000,
                4_000);
        StressRun merged = ShardMerge.merge(List.of(run("a", a), run("b", b))).run();
        ModelResult m = merged.results().getFirst();

        assertThat(m.connections().requested()).isEqualTo(11);
        assertThat(m.connections().established()).isEqualTo(11);
        assertThat(m.messages().echoed())
                .isEqualTo(a.messages().echoed() + b.messages().echoed());
        assertThat(m.bytes().echoed()).isEqualTo(a.bytes().echoed() + b.bytes().echoed());
        assertThat(m.throughput().messagesPerSecond()).isEqualTo((300 + 300 + 200 + 200) / 2.0);
        assertThat(m.measuredFrom()).isEqualTo(micros(0.7));
        assertThat(m.measuredTo()).isEqualTo(micros(3.2));
        assertThat(m.latencyMicros().min()).isEqualTo(1.0);
        assertThat(m.latencyMicros().max()).isEqualTo(4.0);
        assertThat(m.perSecond()).contains(new Second(T0 + 1, 500, 500 * 64));
        assertThat(m.notes().getFirst()).contains("2 shards", "0/2, 1/2", "500.0 ms", "700.0 ms");
        assertThat(merged.request().connections()).isEqualTo(11);
        assertThat(merged.status()).isEqualTo(StressRun.Status.SUCCEEDED);
    }

    @Test
    void unservedConnectionsUnansweredBytesAndTheEvidenceOfAClientBoundShardAddUp() {
        Histogram lagA = LoadGenerator.histogram();
        Histogram lagB = LoadGenerator.histogram();
        for (int i = 1; i <= 100; i++) {
            lagA.recordValue(i * 1_000L); // 1 to 100 µs
            lagB.recordValue(i * 100_000L); // 0.1 to 10 ms: behind a 5 ms interval
        }
        List<Second> seconds = List.of(second(0, 100));
        ModelResult a = result(
                "0/2",
                3,
                micros(0),
                micros(1),
                seconds,
                new Integrity(true, 0, 0, null, 6400, 2, 128, 0),
                new Client(1, 0.5, 0.2, 1.0, 0.4, ModelResult.SendLag.of(lagA, 0, 5e6), List.of()),
                1_000);
        ModelResult b = result(
                "1/2",
                3,
                micros(0),
                micros(1),
                seconds,
                new Integrity(true, 0, 0, null, 6400, 1, 64, 640),
                new Client(
                        1,
                        0.5,
                        0.2,
                        1.0,
                        0.01,
                        ModelResult.SendLag.of(lagB, 50, 5e6),
                        List.of(ClientBound.SEND_LAG, ClientBound.LATE_SENDS)),
                1_000);

        ModelResult m = ShardMerge.merge(List.of(run("a", a), run("b", b)))
                .run()
                .results()
                .getFirst();

        assertThat(m.integrity().unserved()).isEqualTo(3);
        assertThat(m.integrity().unservedBytes()).isEqualTo(192);
        assertThat(m.integrity().unansweredBytes()).isEqualTo(640);
        assertThat(m.clientBound()).isTrue();
        assertThat(m.client().boundBy()).containsExactly(ClientBound.SEND_LAG, ClientBound.LATE_SENDS);
        assertThat(m.client().idleShare()).as("the least idle shard's").isEqualTo(0.01);
        ModelResult.SendLag lag = m.client().sendLag();
        assertThat(lag.sends()).isEqualTo(200);
        assertThat(lag.late()).isEqualTo(50);
        assertThat(lag.intervalMicros()).isEqualTo(5_000.0);
        assertThat(lag.maxMicros()).isCloseTo(10_000.0, within(10.0));
        assertThat(lag.p50Micros())
                .as("the 100th of 200 lags: shard a's largest")
                .isCloseTo(100.0, within(0.1));
    }

    @Test
    void theSameRunTwiceIsRefused() {
        StressRun a = shard("a", 0, 2, request(6, 64, 1), 0.2);

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, a, shard("b", 1, 2, request(5, 64, 1), 0.2))))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("run a is given 2 times")
                .hasMessageContaining("shard 0/2 is given 2 times");
    }

    @Test
    void theSameShardOfTwoRunsIsRefused() {
        assertThatThrownBy(() -> ShardMerge.merge(
                        List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), shard("b", 0, 2, request(6, 64, 1), 0.2))))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessage("shard 0/2 is given 2 times");
    }

    @Test
    void shardsOfRunsSplitDifferentlyAreRefused() {
        assertThatThrownBy(() -> ShardMerge.merge(
                        List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), shard("b", 1, 3, request(6, 64, 1), 0.2))))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("split differently: 0/2 is one of 2, 1/3 is one of 3");
    }

    @Test
    void missingShardsAreRefusedNamingThemUnlessPartialIsAllowed() {
        List<StressRun> given = List.of(
                shard("a", 0, 4, request(3, 64, 1), 0.2),
                shard("b", 1, 4, request(3, 64, 1), 0.2),
                shard("d", 3, 4, request(2, 64, 1), 0.2));

        assertThatThrownBy(() -> ShardMerge.merge(given))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("shard 2/4 is missing");

        StressRun partial = ShardMerge.merge(given, true).run();
        assertThat(partial.sharding().partial()).isTrue();
        assertThat(partial.sharding().missing()).containsExactly(2);
        assertThat(partial.sharding().shards()).containsExactly("0/4", "1/4", "3/4");
        assertThat(partial.sharding().count()).isEqualTo(4);
        assertThat(partial.results().getFirst().notes())
                .anySatisfy(n -> assertThat(n).contains("Partial", "shard 2/4 is missing", "3 of 4 shards"));
        assertThat(partial.request().connections()).isEqualTo(8);
    }

    @Test
    void aCompleteSetIsNotPartial() {
        StressRun merged = ShardMerge.merge(
                        List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), shard("b", 1, 2, request(5, 64, 1), 0.2)),
                        true)
                .run();

        assertThat(merged.sharding().partial()).isFalse();
        assertThat(merged.sharding().missing()).isEmpty();
        assertThat(merged.results().getFirst().notes().getFirst()).startsWith("Merged from 2 shards");
    }

    @Test
    void shardsOfDifferentProfilesAreRefusedSayingWhatDiffers() {
        StressRun a = shard("a", 0, 2, request(6, 64, 1), 0.2);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, shard("b", 1, 2, request(5, 128, 4), 0.2))))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("payloadBytes is 64 in 0/2 but 128 in 1/2")
                .hasMessageContaining("pipeline is 1 in 0/2 but 4 in 1/2");
        StressRequest otherTarget =
                new StressRequest(null, List.of("127.0.0.1:7010"), 5, 64, 3.0, null, 0.0, 1, null, 0.0, 1_000, 1_000);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, shard("b", 1, 2, otherTarget, 0.2))))
                .hasMessageContaining("targets is [127.0.0.1:7009] in 0/2 but [127.0.0.1:7010] in 1/2");
        StressRequest longer =
                new StressRequest(null, List.of("127.0.0.1:7009"), 5, 64, 30.0, null, 5.0, 1, null, 0.0, 1_000, 1_000);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, shard("b", 1, 2, longer, 0.2))))
                .hasMessageContaining("durationSeconds is 3.0 in 0/2 but 30.0 in 1/2")
                .hasMessageContaining("warmupSeconds is 0.0 in 0/2 but 5.0 in 1/2");
        StressRequest moreConnections = request(50, 64, 1);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, shard("b", 1, 2, moreConnections, 0.2))))
                .hasMessageContaining("connections is 6 in 0/2 but 50 in 1/2");
        StressRequest openLoop =
                new StressRequest(null, List.of("127.0.0.1:7009"), 5, 64, 3.0, null, 0.0, 1, 100, 0.0, 1_000, 1_000);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, shard("b", 1, 2, openLoop, 0.2))))
                .hasMessageContaining("openLoop is false in 0/2 but true in 1/2");
    }

    @Test
    void shardsOfDifferentBuildsAreRefused() {
        StressRun a = shard("a", 0, 2, request(6, 64, 1), 0.2);
        StressRun b = shard("b", 1, 2, request(5, 64, 1), 0.2);
        StressRun other = b.withSharding(new Sharding(
                "1/2", 1, 2, null, null, false, null, b.sharding().actualStart(), null, null, null, "9.9.9"));

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, other)))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("different builds: version 0.1.0 in 0/2, 9.9.9 in 1/2");
    }

    @Test
    void aRunThatIsNoShardIsRefused() {
        StressRun plain = new StressRun(
                "p",
                StressRun.Status.SUCCEEDED,
                1,
                request(5, 64, 1),
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                List.of(result(null, 5, micros(0.2), micros(3.2), List.of(second(1, 10)), 1_000)),
                null,
                null);

        assertThatThrownBy(() -> ShardMerge.merge(List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), plain)))
                .isInstanceOf(ShardMerge.Refused.class)
                .hasMessageContaining("run p is not a shard");
    }

    @Test
    void shardsThatStartedTogetherAreInStepAndSayTheirWindow() {
        // 0.3 s apart over a 10 s duration: 3 %.
        StressRequest tenSeconds =
                new StressRequest(null, List.of("127.0.0.1:7009"), 5, 64, 10.0, null, 0.0, 1, null, 0.0, 1_000, 1_000);
        Sharding merged = ShardMerge.merge(
                        List.of(shard("a", 0, 2, tenSeconds, 0.2), shard("b", 1, 2, tenSeconds, 0.5)))
                .run()
                .sharding();

        assertThat(merged.startSkewMicros()).isEqualTo(300_000);
        assertThat(merged.inStep()).isTrue();
        assertThat(merged.windows()).singleElement().satisfies(w -> {
            assertThat(w.commonFrom()).isEqualTo(micros(0.5));
            assertThat(w.startSkewMicros()).isEqualTo(300_000);
        });
        assertThat(merged.intendedStart()).isEqualTo(Instant.ofEpochSecond(T0));
    }

    @Test
    void shardsMoreThanFivePercentApartAreNotInStepAndSaySo() {
        // 0.5 s apart over a 3 s duration: 17 %.
        StressRun merged = ShardMerge.merge(
                        List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), shard("b", 1, 2, request(5, 64, 1), 0.7)))
                .run();

        assertThat(merged.sharding().inStep()).isFalse();
        assertThat(merged.sharding().startSkewMicros()).isEqualTo(500_000);
        assertThat(merged.results().getFirst().notes())
                .anySatisfy(n -> assertThat(n).contains("0.5 s apart", "synchronized: false"));
    }

    @Test
    void theStatusIsTheWorstOfTheShards() {
        StressRun failed = shard("b", 1, 2, request(5, 64, 1), 0.2);
        ModelResult r = failed.results().getFirst();
        StressRun withFailure = new StressRun(
                        "b",
                        StressRun.Status.FAILED,
                        1,
                        failed.request(),
                        Instant.EPOCH,
                        failed.startedAt(),
                        Instant.EPOCH,
                        null,
                        List.of(failedCopy(r)),
                        null,
                        null)
                .withSharding(failed.sharding());

        StressRun merged = ShardMerge.merge(List.of(shard("a", 0, 2, request(6, 64, 1), 0.2), withFailure))
                .run();

        assertThat(merged.status()).isEqualTo(StressRun.Status.FAILED);
        assertThat(merged.results().getFirst().status()).isEqualTo(Status.FAILED);
    }

    /** Shard {@code index} of {@code count}, as run writes it, its load and window begun {@code start} s after T0. */
    private static StressRun shard(String id, int index, int count, StressRequest request, double start) {
        String label = index + "/" + count;
        ModelResult result = result(
                label,
                request.connections(),
                micros(start),
                micros(start + request.durationSeconds()),
                List.of(second(1, 100), second(2, 100)),
                1_000,
                2_000);
        Instant began = Instant.ofEpochSecond(T0).plusNanos(Math.round(start * 1e9));
        return new StressRun(
                        id,
                        StressRun.Status.SUCCEEDED,
                        1,
                        request,
                        Instant.EPOCH,
                        began,
                        Instant.EPOCH,
                        null,
                        List.of(result),
                        null,
                        null)
                .withSharding(Sharding.of(label, index, count, Instant.ofEpochSecond(T0), began, "0.1.0"));
    }

    private static StressRequest request(int connections, int payload, int pipeline) {
        return new StressRequest(
                null,
                List.of("127.0.0.1:7009"),
                connections,
                payload,
                3.0,
                null,
                0.0,
                pipeline,
                null,
                0.0,
                1_000,
                1_000);
    }

    private static ModelResult failedCopy(ModelResult r) {
        return new ModelResult(
                r.model(),
                r.repeat(),
                Status.FAILED,
                r.target(),
                r.startedAt(),
                r.finishedAt(),
                r.measuredSeconds(),
                r.connections(),
                r.messages(),
                r.bytes(),
                r.throughput(),
                r.latencyMicros(),
                r.errors(),
                new Integrity(false, 1, 0, 7L, r.integrity().bytesVerified(), 0, 0, 0),
                r.cost(),
                r.client(),
                r.clientBound(),
                r.machineBound(),
                r.notes(),
                r.latencyHistogram(),
                r.measuredFrom(),
                r.measuredTo(),
                r.perSecond(),
                r.shard());
    }

    private static long micros(double secondsAfterT0) {
        return Math.round((T0 + secondsAfterT0) * 1e6);
    }

    private static Second second(int after, long messages) {
        return new Second(T0 + after, messages, messages * 64);
    }

    private static ModelResult result(
            String shard, int connections, long from, long to, List<Second> seconds, long... latenciesNanos) {
        long messages = seconds.stream().mapToLong(Second::messages).sum();
        return result(
                shard,
                connections,
                from,
                to,
                seconds,
                new Integrity(true, 0, 0, null, messages * 64, 0, 0, 0),
                new Client(1, 0.5, 0.2, 1.0, 0.5, null, List.of()),
                latenciesNanos);
    }

    private static ModelResult result(
            String shard,
            int connections,
            long from,
            long to,
            List<Second> seconds,
            Integrity integrity,
            Client client,
            long... latenciesNanos) {
        Histogram latency = LoadGenerator.histogram();
        for (long nanos : latenciesNanos) {
            latency.recordValue(nanos);
        }
        long messages = seconds.stream().mapToLong(Second::messages).sum();
        return new ModelResult(
                "netty",
                1,
                Status.SUCCEEDED,
                "127.0.0.1:7009",
                Instant.EPOCH,
                Instant.EPOCH,
                (to - from) / 1e6,
                new Connections(connections, connections, 0, 0, 0),
                new Messages(messages, messages, 0),
                new Counts(messages * 64, messages * 64),
                new Throughput(1, 64),
                Latency.of(latency),
                new Errors(0, 0, 0, 0, 0, 0),
                integrity,
                new Cost(null, null, null, null),
                client,
                !client.boundBy().isEmpty(),
                false,
                List.of(),
                Results.encode(latency),
                from,
                to,
                seconds,
                shard);
    }

    @Test
    void eachRepeatIsMergedWithTheSameRepeatOfTheOtherShards() {
        List<Second> seconds = List.of(second(0, 10));
        ModelResult first = result("0/2", 3, micros(0), micros(1), seconds, 1_000, 2_000, 1_000);
        ModelResult again = result("0/2", 3, micros(0), micros(1), seconds, 1_000, 2_000, 1_000)
                .withRepeat(2);
        StressRun shard0 = run("a", first, again);
        StressRun shard1 = run("b", first.withShard("1/2"), again.withShard("1/2"));

        List<ModelResult> merged =
                ShardMerge.merge(List.of(shard0, shard1)).run().results();

        assertThat(merged).extracting(ModelResult::repeat).containsExactly(1, 2);
        assertThat(merged).extracting(r -> r.connections().requested()).containsExactly(6, 6);
    }

    private static StressRun run(String id, ModelResult... results) {
        StressRequest request = new StressRequest(
                null,
                List.of("127.0.0.1:7009"),
                results[0].connections().requested(),
                64,
                3.0,
                null,
                0.0,
                1,
                null,
                0.0,
                1_000,
                1_000);
        return new StressRun(
                id,
                StressRun.Status.SUCCEEDED,
                1,
                request,
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                List.of(results),
                null,
                null);
    }
}
