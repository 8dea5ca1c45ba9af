package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.server.ServerSettings;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against every model, over real sockets: every byte verified, figures that make sense. */
@Timeout(30)
class LoadGeneratorTests {

    private final EchoServers servers = new EchoServers(m -> ServerSettings.loopback(), m -> false);
    private IoModel started;

    static Stream<IoModel> models() {
        return Arrays.stream(IoModel.values());
    }

    @AfterEach
    void stopServer() {
        if (started != null) {
            servers.stop(started);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelEchoesEveryByteUnderLoad(IoModel model) throws Exception {
        // The response timeout outlasts the run: models that serve few clients at once (blocking, a small pool)
        // answer the waiting ones once the served ones half-close, so every model must end clean.
        ModelResult result = Load.run(Load.closedLoop(20, 0.5, 5_000), start(model));

        assertThat(result.status())
                .as("%s, notes %s", result.errors(), result.notes())
                .isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.integrity().verified()).isTrue();
        assertThat(result.integrity().bytesVerified()).isPositive();
        assertThat(result.connections().established()).isEqualTo(20);
        assertThat(result.messages().echoed()).isPositive();
        assertThat(result.messages().echoed()).isEqualTo(result.messages().sent());
        assertThat(result.bytes().echoed())
                .isEqualTo(result.bytes().sent())
                .isEqualTo(result.messages().sent() * 64);
        assertThat(result.errors().total()).isZero();
        ModelResult.Latency latency = result.latencyMicros();
        assertThat(latency.min()).isPositive();
        assertThat(latency.min()).isLessThanOrEqualTo(latency.p50());
        assertThat(latency.p50()).isLessThanOrEqualTo(latency.p90());
        assertThat(latency.p90()).isLessThanOrEqualTo(latency.p99());
        assertThat(latency.p99()).isLessThanOrEqualTo(latency.p999());
        assertThat(latency.p999()).isLessThanOrEqualTo(latency.max());
        assertThat(latency.mean()).isBetween(latency.min(), latency.max());
        assertThat(result.throughput().messagesPerSecond()).isPositive();
        assertThat(result.cost().serverCpuSeconds()).isPositive();
        assertThat(result.cost().cpuMicrosPerMessage()).isPositive();
        assertThat(result.cost().peakThreads()).isPositive();
        assertThat(result.client().threads()).isBetween(1, 2);
        assertThat(result.client().cpuSeconds()).isPositive();
        // Both figures are rounded (1 ms, 0.01 µs), so they agree only to a couple of milliseconds.
        assertThat(result.client().cpuMicrosPerMessage() * result.messages().echoed() / 1e6)
                .as("client CPU per message is its CPU time over the echoed messages")
                .isCloseTo(
                        result.client().cpuSeconds(),
                        within(0.002 + result.messages().echoed() * 0.005e-6));
    }

    @Test
    void theResultCarriesItsLatencyHistogramWindowAndSecondsForAnExactMerge() throws Exception {
        ModelResult result = Load.run(Load.closedLoop(10, 1.5, 5_000), start(IoModel.MULTIPLEXING));

        assertThat(result.status()).as("notes %s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        Histogram latency = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(result.latencyHistogram())), 0);
        assertThat(latency.getTotalCount())
                .as("every measured echo")
                .isEqualTo(result.messages().echoed());
        assertThat(latency.getMaxValue() / 1000.0)
                .isCloseTo(
                        result.latencyMicros().max(),
                        within(1.0 + result.latencyMicros().max() * 0.001));
        assertThat(result.measuredTo() - result.measuredFrom())
                .as("the window, µs")
                .isCloseTo(Math.round(result.measuredSeconds() * 1e6), within(1_000L));
        assertThat(result.measuredSeconds())
                .as("a duration run is measured for its duration")
                .isEqualTo(1.5);
        long inWindow = result.perSecond().stream()
                .mapToLong(ModelResult.Second::messages)
                .sum();
        assertThat(inWindow)
                .as("ping-pong: only the last few messages of each connection come back in the drain")
                .isBetween(result.messages().echoed() - 100, result.messages().echoed());
        assertThat(result.throughput().messagesPerSecond()).isCloseTo(inWindow / 1.5, within(1.0));
        assertThat(result.perSecond()).hasSizeBetween(2, 3).allSatisfy(second -> {
            assertThat(second.t() * 1_000_000).isBetween(result.measuredFrom() - 1_000_000, result.measuredTo());
            assertThat(second.bytes()).isEqualTo(second.messages() * 64);
        });
        assertThat(result.shard()).isNull();
        assertThat(result.withShard("1/2").shard()).isEqualTo("1/2");
    }

    @Test
    void silentConnectionsConnectStayOpenAndAreCountedApart() throws Exception {
        StressRequest request =
                new StressRequest(null, null, 5, 64, 1.0, null, 0.0, 1, null, 0.0, 2_000, 2_000, 200, null, null);
        ModelResult result = Load.run(request, start(IoModel.MULTIPLEXING));

        assertThat(result.status()).as("notes %s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.connections()).isEqualTo(new ModelResult.Connections(5, 5, 0, 200, 200));
        assertThat(result.messages().echoed())
                .isPositive()
                .isEqualTo(result.messages().sent());
        assertThat(result.cost().peakThreads()).isPositive();
    }

    @Test
    void aModelThatServesOneClientAtATimeLeavesTheOthersUnservedNotBroken() throws Exception {
        ModelResult result = Load.run(Load.closedLoop(5, 1.0, 500), start(IoModel.BLOCKING));

        assertThat(result.status())
                .as("queueing is what the model does: %s", result.notes())
                .isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.errors().responseTimeout())
                .as("never served is not an error")
                .isZero();
        assertThat(result.errors().total()).isZero();
        ModelResult.Integrity integrity = result.integrity();
        assertThat(integrity.verified())
                .as("every byte that came back was right")
                .isTrue();
        assertThat(integrity.mismatches()).isZero();
        assertThat(integrity.missingBytes())
                .as("nothing lost on the served connection")
                .isZero();
        assertThat(integrity.unserved()).isEqualTo(4);
        assertThat(integrity.unservedBytes())
                .as("the first message of each one waiting")
                .isEqualTo(4L * 64);
        assertThat(result.messages().echoed()).isPositive();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("4 of 5 connections were never served")
                        .contains("one client at a time")
                        .contains("not a fault"));
    }

    @Test
    void aPoolServesAPoolfulAndLeavesTheRestUnserved() throws Exception {
        int pool = ServerSettings.loopback().threads();
        ModelResult result = Load.run(Load.closedLoop(pool + 3, 1.0, 500), start(IoModel.THREAD_POOL));

        assertThat(result.status()).as("%s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.integrity().unserved()).isEqualTo(3);
        assertThat(result.integrity().verified()).isTrue();
        assertThat(result.errors().total()).isZero();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("3 of " + (pool + 3) + " connections were never served")
                        .contains(pool + " were, no more than the ")
                        .contains("threads the server held at most for its " + (pool + 3) + " clients"));
    }

    @Test
    void theOpenLoopCountsTheMessagesOfUnservedConnectionsUnsentWithoutFailingTheModel() throws Exception {
        StressRequest request = new StressRequest(null, null, 5, 64, 1.0, null, 0.0, null, 500, 0.0, 2_000, 300);
        ModelResult result = Load.run(request, start(IoModel.BLOCKING));

        // Its one thread explains the queue, however crowded this machine and late the open loop.
        assertThat(result.status()).as("%s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.integrity().unserved()).isEqualTo(4);
        assertThat(result.messages().unsent())
                .as("what the 4 given up connections would have sent after 300 ms")
                .isPositive();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains(result.messages().unsent() + " messages")
                        .contains("never served"));
    }

    @Test
    void theOpenLoopHoldsItsRate() throws Exception {
        ModelResult result = Load.run(Load.openLoop(10, 2_000, 1.0), start(IoModel.THREAD_PER_CONNECTION));

        assertThat(result.status()).as("notes %s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        // Sends follow the schedule, not the replies: 2,000 msg/s for 1 s, within 5% (a late wake-up catches up).
        assertThat(result.messages().sent()).isBetween(1_900L, 2_100L);
        assertThat(result.messages().echoed()).isEqualTo(result.messages().sent());
    }

    @Test
    void messagesPerConnectionEndsTheRunWithExactlyThatMany() throws Exception {
        StressRequest request = new StressRequest(null, null, 10, 100, null, 50L, 0.0, 4, null, 0.0, 2_000, 2_000);
        ModelResult result = Load.run(request, start(IoModel.THREAD_PER_CONNECTION));

        assertThat(result.status()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.messages().sent()).isEqualTo(500);
        assertThat(result.messages().echoed()).isEqualTo(500);
        assertThat(result.bytes().echoed()).isEqualTo(50_000);
    }

    @Test
    void warmUpIsLeftOutOfTheFigures() throws Exception {
        StressRequest request = new StressRequest(null, null, 4, 64, null, 20L, 0.3, 1, null, 0.0, 2_000, 2_000);
        ModelResult result = Load.run(request, start(IoModel.THREAD_PER_CONNECTION));

        assertThat(result.status()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.messages().echoed()).isEqualTo(80);
        assertThat(result.integrity().bytesVerified())
                .as("warm-up bytes are verified too")
                .isGreaterThan(result.bytes().echoed());
    }

    @Test
    void aLargePayloadWithAPipelineComesBackIntact() throws Exception {
        StressRequest request = new StressRequest(null, null, 4, 200_000, 0.5, null, 0.0, 3, null, 0.0, 2_000, 5_000);
        ModelResult result = Load.run(request, start(IoModel.THREAD_PER_CONNECTION));

        assertThat(result.status()).as("notes %s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.bytes().echoed()).isEqualTo(result.bytes().sent()).isPositive();
        assertThat(result.bytes().echoed() % 200_000).isZero();
    }

    @Test
    void aServerThatIsNotRunningIsInconclusiveWithoutSendingAnything() {
        ResolvedTarget gone = new ResolvedTarget("gone", null, () -> null, null);

        ModelResult result = Load.run(Load.closedLoop(5, 1.0, 300), gone);

        assertThat(result.status()).isEqualTo(ModelResult.Status.INCONCLUSIVE);
        assertThat(result.notes()).singleElement().asString().contains("not running");
        assertThat(result.client().cpuMicrosPerMessage())
                .as("no message, no cost per message")
                .isNull();
    }

    private ResolvedTarget start(IoModel model) throws Exception {
        started = model;
        return Load.local(servers, model);
    }
}
