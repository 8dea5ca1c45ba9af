package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.config.EchoProperties;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.unit.DataSize;

/** Runs one at a time, their history bounded and newest first, and what the observers are told. */
@Timeout(30)
class StressRunsTests {

    private final AtomicLong messagesTold = new AtomicLong();
    private final AtomicLong latenciesTold = new AtomicLong();
    private final StressRuns runs = new StressRuns(properties(2), List.of(tick -> {
        messagesTold.addAndGet(tick.messages());
        latenciesTold.addAndGet(tick.latencyNanos().getTotalCount()); // the histogram is only valid during the call
    }));

    @Test
    void theHistoryKeepsTheNewestRunsFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = runs.submit(StressRequest.of(List.of("gone")), List.of(gone())).id();
            await().until(() -> runs.find(id).orElseThrow().finished());
            ids.add(id);
        }

        assertThat(runs.list()).extracting(StressRun::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(runs.find(ids.get(0))).isEmpty();
        assertThat(runs.find(ids.get(2)).orElseThrow().status()).isEqualTo(StressRun.Status.FAILED);
    }

    @Test
    void aSecondRunIsRefusedWhileOneGoesAndTheObserversSeeItsTicks() throws Exception {
        try (FaultyServer echo = new FaultyServer(() -> (read, offset, out) -> {
            out.write(read);
            return true;
        })) {
            StressRequest request = new StressRequest(null, null, 4, 64, 0.6, null, 0.0, null, null, null, null,
                    null);
            StressRun first = runs.submit(request, List.of(Load.loopback(echo.port())));

            assertThatThrownBy(() -> runs.submit(request, List.of(Load.loopback(echo.port()))))
                    .isInstanceOf(RunInProgressException.class).hasMessageContaining(first.id());

            await().until(() -> runs.find(first.id()).orElseThrow().finished());
            StressRun done = runs.find(first.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(StressRun.Status.SUCCEEDED);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.live()).isNull();
            long echoed = done.results().getFirst().messages().echoed();
            assertThat(echoed).isPositive();
            assertThat(messagesTold.get()).as("observers are told of every measured message").isEqualTo(echoed);
            assertThat(latenciesTold.get()).isEqualTo(echoed);
        }
    }

    private static Target gone() {
        return new Target("gone", null, () -> null, null);
    }

    private static EchoProperties properties(int history) {
        return new EchoProperties(InetAddress.getLoopbackAddress(), false, 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), DataSize.ofKilobytes(64), Map.of(),
                new EchoProperties.StressProperties(1000, Duration.ofMinutes(1), DataSize.ofMegabytes(1), 1024,
                        1_000_000, history, List.of(), 1000, 2),
                new EchoProperties.ApiProperties("admin", null));
    }
}
