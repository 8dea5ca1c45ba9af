package dev.echolab.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one round trip of the {@code greenlet} model's switch costs: the hub switches to a coroutine and the
 * coroutine switches straight back ({@code hubToCoroutineAndBack}), against the same hand-over between two
 * platform threads with {@link LockSupport} park/unpark ({@code parkUnparkPingPong}), which is what the baton
 * costs without virtual threads. Each operation is one round trip: two hand-overs.
 *
 * <p>Run: {@code ./mvnw -Pjmh process-test-classes} (see the README for JMH flags).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xshare:auto")
public class SwitchBenchmark {

    /** A hub on the benchmark thread and one coroutine that switches back as soon as it is switched to. */
    @State(Scope.Thread)
    public static class Greenlet {

        Hub hub;
        Coroutine echo;
        volatile boolean done;

        @Setup(Level.Trial)
        public void setUp() {
            // Scope.Thread: JMH runs setup on the thread that then runs the benchmark, the hub's own thread.
            hub = new Hub(Thread.ofVirtual().name("bench-coroutine-", 1).factory(), new LongAdder());
            echo = hub.spawn(self -> {
                while (!done) {
                    self.switchTo(hub);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            done = true;
            hub.switchTo(echo);
        }
    }

    /** A second platform thread that parks until it is pinged, then pongs. */
    @State(Scope.Thread)
    public static class PlatformPair {

        Thread pinger;
        Thread ponger;
        /** Whose turn: true = the ponger's. Volatile, like the hub's baton. */
        volatile boolean pongerTurn;

        volatile boolean done;

        @Setup(Level.Trial)
        public void setUp() {
            pinger = Thread.currentThread();
            ponger = Thread.ofPlatform().daemon().name("bench-ponger").start(() -> {
                while (!done) {
                    while (!pongerTurn && !done) {
                        LockSupport.park(this);
                    }
                    pongerTurn = false;
                    LockSupport.unpark(pinger);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            done = true;
            LockSupport.unpark(ponger);
            ponger.join();
        }

        void roundTrip() {
            pongerTurn = true;
            LockSupport.unpark(ponger);
            while (pongerTurn) {
                LockSupport.park(this);
            }
        }
    }

    @Benchmark
    public void hubToCoroutineAndBack(Greenlet state) {
        state.hub.switchTo(state.echo);
    }

    @Benchmark
    public void parkUnparkPingPong(PlatformPair state) {
        state.roundTrip();
    }
}
