package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The greenlet model's hub and coroutines on their own: who runs after each switch, and that only one runs. */
@Timeout(60)
class HubTests {

    private final ThreadFactory virtualThreads =
            Thread.ofVirtual().name("hub-tests-", 1).factory();

    @Test
    void aSwitchRunsTheCoroutineUntilItSwitchesBackAndThenTheHubResumesWhereItLeftOff() {
        Hub hub = new Hub(virtualThreads, new LongAdder());
        // A plain list, no lock: the baton orders every access.
        List<String> log = new ArrayList<>();
        Coroutine a = hub.spawn(self -> {
            log.add("a1");
            self.switchTo(hub);
            log.add("a2");
        });
        Coroutine b = hub.spawn(self -> {
            log.add("b1");
            self.switchTo(hub);
            log.add("b2");
            self.switchTo(hub);
            log.add("b3");
        });
        assertThat(log).as("spawning runs nothing").isEmpty();

        hub.switchTo(b);
        log.add("hub");
        hub.switchTo(a);
        log.add("hub");
        hub.switchTo(b);
        hub.switchTo(a);
        log.add("hub");
        hub.switchTo(a);
        hub.switchTo(b);

        assertThat(log).containsExactly("b1", "hub", "a1", "hub", "b2", "a2", "hub", "b3");
        assertThat(a.isDead()).isTrue();
        assertThat(b.isDead()).isTrue();
    }

    @Test
    void exactlyOneOfTheHubAndItsCoroutinesRunsAtAnyMoment() {
        Hub hub = new Hub(virtualThreads, new LongAdder());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        int coroutines = 16;
        int rounds = 300;
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < coroutines; i++) {
            all.add(hub.spawn(self -> {
                for (int r = 0; r < rounds; r++) {
                    work(running, mostAtOnce);
                    self.switchTo(hub);
                }
            }));
        }
        for (int r = 0; r <= rounds; r++) {
            for (Coroutine c : all) {
                work(running, mostAtOnce);
                hub.switchTo(c);
            }
        }
        assertThat(all).allMatch(Coroutine::isDead);
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void aCoroutineThatEndsOrThrowsGivesTheBatonBackAndSwitchingToItAgainReturnsAtOnce() {
        Hub hub = new Hub(virtualThreads, new LongAdder());
        AtomicInteger runs = new AtomicInteger();
        Coroutine ends = hub.spawn(self -> runs.incrementAndGet());
        Coroutine fails = hub.spawn(self -> {
            runs.incrementAndGet();
            throw new IllegalStateException("expected by the test");
        });
        hub.switchTo(ends);
        hub.switchTo(fails);
        hub.switchTo(ends);
        hub.switchTo(fails);
        assertThat(runs).hasValue(2);
        assertThat(ends.isDead()).isTrue();
        assertThat(fails.isDead()).isTrue();
        assertThat(ends.failure()).isNull();
        assertThat(fails.failure()).as("kept for the hub").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTheHubThreadHoldingTheBatonMaySwitch() throws Exception {
        Hub hub = new Hub(virtualThreads, new LongAdder());
        Coroutine idle = hub.spawn(self -> {});
        CompletableFuture<Void> fromElsewhere = CompletableFuture.runAsync(() -> hub.switchTo(idle));
        assertThatThrownBy(() -> fromElsewhere.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> idle.switchTo(hub))
                .as("the hub holds the baton, not the coroutine")
                .isInstanceOf(IllegalStateException.class);
        hub.switchTo(idle);
        assertThat(idle.isDead()).isTrue();
    }

    @Test
    void theTimeCoroutinesHoldTheBatonIsCounted() {
        Hub hub = new Hub(virtualThreads, new LongAdder());
        Coroutine busy = hub.spawn(self -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        });
        assertThat(hub.batonNanos()).isZero();
        long start = System.nanoTime();
        hub.switchTo(busy);
        long wall = System.nanoTime() - start;
        // The carrier's CPU time while it held the baton: some, and never more than the time that went by (wall
        // time would also count the moments a busy machine gave the core to another thread).
        assertThat(hub.batonNanos()).isPositive().isLessThanOrEqualTo(wall);
    }

    @Test
    void theCarrierClockReadsTheCarriersCpuTimeOnlyForAVirtualThread() throws Exception {
        assertThat(CarrierCpuClock.now()).as("a platform thread has no carrier").isEqualTo(-1);
        long[] readings = new long[2];
        Thread vt = Thread.ofVirtual().start(() -> {
            readings[0] = CarrierCpuClock.now();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            readings[1] = CarrierCpuClock.now();
        });
        assertThat(vt.join(Duration.ofSeconds(10))).isTrue();
        assertThat(readings[0]).isNotNegative();
        assertThat(readings[1]).isGreaterThan(readings[0]);
    }

    /** Marks "running" for a moment long enough for a second runner, if there were one, to overlap. */
    private static void work(AtomicInteger running, AtomicInteger mostAtOnce) {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        for (int i = 0; i < 200; i++) {
            Thread.onSpinWait();
        }
        running.decrementAndGet();
    }
}
