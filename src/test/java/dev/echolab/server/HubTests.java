package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The greenlet model's hub and coroutines on their own: who runs after each switch, and that only one runs, with the
 * coroutines carried by the hub's own thread (the model's switch) and on the JDK's carriers (where the JDK keeps its
 * scheduler closed).
 */
@Timeout(60)
class HubTests {

    /** Where a hub's coroutines run. Each hub is made on the calling thread, which is then its thread. */
    enum Carriers {
        HUB_THREAD {
            @Override
            Hub hub(LongAdder batonNanos) {
                HubCarrier carrier = new HubCarrier();
                Thread.Builder.OfVirtual builder = HubCarrier.virtualThreads(carrier)
                        .orElseThrow(() -> new AssertionError("the tests run with java.lang open (pom.xml)"));
                return new Hub(builder.name("hub-tests-", 1).factory(), carrier, batonNanos);
            }
        },
        JDK {
            @Override
            Hub hub(LongAdder batonNanos) {
                return new Hub(Thread.ofVirtual().name("hub-tests-", 1).factory(), null, batonNanos);
            }
        };

        abstract Hub hub(LongAdder batonNanos);

        Hub hub() {
            return hub(new LongAdder());
        }
    }

    @ParameterizedTest
    @EnumSource(Carriers.class)
    void aSwitchRunsTheCoroutineUntilItSwitchesBackAndThenTheHubResumesWhereItLeftOff(Carriers carriers) {
        Hub hub = carriers.hub();
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

    @ParameterizedTest
    @EnumSource(Carriers.class)
    void exactlyOneOfTheHubAndItsCoroutinesRunsAtAnyMoment(Carriers carriers) {
        Hub hub = carriers.hub();
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

    @ParameterizedTest
    @EnumSource(Carriers.class)
    void aCoroutineThatEndsOrThrowsGivesTheBatonBackAndSwitchingToItAgainReturnsAtOnce(Carriers carriers) {
        Hub hub = carriers.hub();
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

    @ParameterizedTest
    @EnumSource(Carriers.class)
    void onlyTheHubThreadHoldingTheBatonMaySwitch(Carriers carriers) throws Exception {
        Hub hub = carriers.hub();
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
    void aCarriedCoroutineRunsOnTheHubsThreadWhoseCpuTimeIsThenAllTheModels() {
        Hub hub = Carriers.HUB_THREAD.hub();
        List<String> seen = new ArrayList<>();
        Coroutine busy = hub.spawn(self -> {
            // A mounted virtual thread names its carrier after the '@'; there is no other public way to ask.
            seen.add(Thread.currentThread().toString());
            self.switchTo(hub);
            seen.add(Thread.currentThread().toString());
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        });
        hub.switchTo(busy);
        hub.switchTo(busy);
        assertThat(busy.isDead()).isTrue();
        assertThat(seen)
                .hasSize(2)
                .allSatisfy(
                        s -> assertThat(s).endsWith("@" + Thread.currentThread().getName()));
        assertThat(hub.batonNanos())
                .as("nothing borrowed from the JDK's carriers: the hub thread's CPU time counts it")
                .isZero();
    }

    /**
     * A carried coroutine that parks for something other than the baton (here a lock another thread holds) is
     * queued again by that thread when it may go on: the hub waits for it, runs it, and only then goes on itself.
     */
    @Test
    void aCarriedCoroutineWokenByAnotherThreadRunsOnTheHubsThreadBeforeTheHubGoesOn() throws Exception {
        Hub hub = Carriers.HUB_THREAD.hub();
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("hub-tests-lock-holder").start(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> log = new ArrayList<>();
        String carrier = "@" + Thread.currentThread().getName();
        Coroutine waits = hub.spawn(self -> {
            lock.lock(); // parks this virtual thread; the unlock queues it on the hub's carrier from the other thread
            try {
                log.add("locked, on the hub's thread: "
                        + Thread.currentThread().toString().endsWith(carrier));
            } finally {
                lock.unlock();
            }
        });
        Thread.ofPlatform().name("hub-tests-releaser").start(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            release.countDown();
        });
        hub.switchTo(waits);
        log.add("hub");
        assertThat(log).containsExactly("locked, on the hub's thread: true", "hub");
        assertThat(waits.isDead()).isTrue();
        holder.join(Duration.ofSeconds(10));
    }

    @Test
    void theTimeCoroutinesHoldTheBatonOnTheJdkCarriersIsCounted() {
        Hub hub = Carriers.JDK.hub();
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
