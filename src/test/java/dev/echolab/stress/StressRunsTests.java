package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.info.GitProperties;
import org.springframework.util.unit.DataSize;

/**
 * Runs one at a time, finished ones handed to the archive (kept in memory, bounded, when it refuses them), and what
 * the observers are told.
 */
@Timeout(30)
class StressRunsTests {

    private final AtomicLong messagesTold = new AtomicLong();
    private final AtomicLong latenciesTold = new AtomicLong();
    private final FlakyArchive archive = new FlakyArchive();
    private final StressRuns runs = new StressRuns(
            properties(2),
            List.of(tick -> {
                messagesTold.addAndGet(tick.messages());
                latenciesTold.addAndGet(
                        tick.latencyNanos().getTotalCount()); // the histogram is only valid during the call
            }),
            archive,
            new StaticListableBeanFactory().getBeanProvider(GitProperties.class));

    @Test
    void finishedRunsGoToTheArchiveNewestFirstAndPageByPage() {
        List<String> ids = finishThreeRuns();

        assertThat(archive.count(new RunQuery(null, null, null, null))).isEqualTo(3);
        RunPage second = runs.list(new RunQuery(null, null, 1, 2));
        assertThat(second.total()).isEqualTo(3);
        assertThat(second.runs()).extracting(StressRun::id).containsExactly(ids.get(0));
        StressRun newest = runs.find(ids.get(2)).orElseThrow();
        assertThat(newest.status()).as("nothing was sent to gone").isEqualTo(StressRun.Status.INCONCLUSIVE);
        assertThat(newest.storage()).isEqualTo(Storage.STORED);
        assertThat(newest.manifest().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(runs.list(new RunQuery("netty", null, null, null)).total()).isZero();
        assertThat(runs.list(new RunQuery("gone", null, null, null)).total()).isEqualTo(3);

        assertThat(runs.delete(ids.get(1))).isTrue();
        assertThat(runs.find(ids.get(1))).isEmpty();
        assertThat(runs.delete(ids.get(1))).isFalse();
    }

    @Test
    void runsTheArchiveRefusesStayInMemoryMarkedFailedTheNewestKept() {
        archive.failing = true;
        List<String> ids = finishThreeRuns();

        assertThat(runs.list(new RunQuery(null, null, null, null)).runs())
                .extracting(StressRun::id)
                .containsExactly(ids.get(2), ids.get(1));
        StressRun kept = runs.find(ids.get(2)).orElseThrow();
        assertThat(kept.status()).as("the run itself is unaffected").isEqualTo(StressRun.Status.INCONCLUSIVE);
        assertThat(kept.storage().status()).isEqualTo("FAILED");
        assertThat(kept.storage().detail()).contains("the database is down");
        assertThat(runs.find(ids.get(0))).as("beyond echo.stress.history").isEmpty();
    }

    @Test
    void aRefusedRunIsListedInItsPlaceAmongTheStoredOnes() {
        String stored = finishRun();
        archive.failing = true;
        String refused = finishRun();
        archive.failing = false;
        String newest = finishRun();

        assertThat(runs.list(new RunQuery(null, null, null, null)).runs())
                .extractingResultOf("id")
                .containsExactly(newest, refused, stored);
        for (int page = 0; page < 3; page++) {
            RunPage one = runs.list(new RunQuery(null, null, page, 1));
            assertThat(one.total()).isEqualTo(3);
            assertThat(one.runs())
                    .extractingResultOf("id")
                    .containsExactly(List.of(newest, refused, stored).get(page));
        }
    }

    @Test
    void runIdsCarrySixtyFourRandomBits() {
        assertThat(finishThreeRuns()).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{16}"));
    }

    @Test
    void aDeleteWhileTheRunIsBeingStoredIsNotUndoneByTheStore() throws Exception {
        CountDownLatch storing = archive.holdWrites();
        String id =
                runs.submit(StressRequest.of(List.of("gone")), List.of(gone())).id();
        assertThat(storing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runs.delete(id)).as("finished, being stored").isTrue();
        archive.releaseWrites();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(archive.find(id))
                        .as("deleted from the archive once stored")
                        .isEmpty());
        assertThat(runs.find(id)).isEmpty();
        assertThat(runs.list(new RunQuery(null, null, null, null)).total()).isZero();
    }

    @Test
    void repeatsInterleaveTheModelsEachRepeatAResultOfItsOwn() {
        StressRequest request =
                new StressRequest(List.of("a", "b"), null, 1, 64, 0.1, null, 0.0, 1, null, 0.0, 1_000, 1_000, 0, 1, 3);
        String id = runs.submit(request, List.of(gone("a"), gone("b"))).id();
        await().until(() -> runs.find(id).map(StressRun::finished).orElse(false));

        StressRun run = runs.find(id).orElseThrow();
        assertThat(run.results())
                .extracting(r -> r.model() + "#" + r.repeat())
                .as("A B A B A B: drift is spread over both")
                .containsExactly("a#1", "b#1", "a#2", "b#2", "a#3", "b#3");
        assertThat(run.progress()).isEqualTo(1.0);
    }

    private String finishRun() {
        String id =
                runs.submit(StressRequest.of(List.of("gone")), List.of(gone())).id();
        await().until(() ->
                runs.find(id).map(r -> !r.storage().equals(Storage.PENDING)).orElse(false));
        return id;
    }

    private List<String> finishThreeRuns() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(finishRun());
        }
        return ids;
    }

    @Test
    void aSecondRunIsRefusedWhileOneGoesAndTheObserversSeeItsTicks() throws Exception {
        try (FaultyServer echo = new FaultyServer(() -> (read, offset, out) -> {
            out.write(read);
            return true;
        })) {
            StressRequest request = new StressRequest(null, null, 4, 64, 0.6, null, 0.0, null, null, null, null, null);
            StressRun first = runs.submit(request, List.of(Load.loopback(echo.port())));

            assertThatThrownBy(() -> runs.submit(request, List.of(Load.loopback(echo.port()))))
                    .isInstanceOf(RunInProgressException.class)
                    .hasMessageContaining(first.id());

            await().until(() -> runs.find(first.id()).orElseThrow().finished());
            StressRun done = runs.find(first.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(StressRun.Status.SUCCEEDED);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.live()).isNull();
            long echoed = done.results().getFirst().messages().echoed();
            assertThat(echoed).isPositive();
            assertThat(messagesTold.get())
                    .as("observers are told of every measured message")
                    .isEqualTo(echoed);
            assertThat(latenciesTold.get()).isEqualTo(echoed);
        }
    }

    private static ResolvedTarget gone() {
        return gone("gone");
    }

    /** A target whose server is not running: its turn ends at once with nothing sent. */
    private static ResolvedTarget gone(String label) {
        return new ResolvedTarget(label, null, () -> null, null);
    }

    private static StressProperties properties(int history) {
        return new StressProperties(
                1000, Duration.ofMinutes(1), DataSize.ofMegabytes(1), 1024, 1_000_000, history, List.of(), 1000, 2);
    }
}
