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
 * coroutine switches straight back. {@code hubToCoroutineAndBack} is the model's switch, the coroutine carried by
 * the hub's own thread ({@link HubCarrier}); {@code hubToCoroutineAndBackOnJdkCarriers} is the same switch where the
 * JDK keeps its scheduler closed, the coroutine on the JDK's carriers and the hub parked meanwhile; and
 * {@code parkUnparkPingPong} the same hand-over between two platform threads with {@link LockSupport} park/unpark,
 * what a baton costs without virtual threads. Each operation is one round trip: two hand-overs.
 *
 * <p>Average and sampled time both: on a shared machine the OS takes the core away in the middle of some operations,
 * which the average counts and the sampled median does not.
 *
 * <p>Run: {@code ./mvnw -Pjmh process-test-classes -Djmh.args=SwitchBenchmark} (docs/benchmarks.md has its figures).
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xshare:auto", "--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class SwitchBenchmark {

    /** A hub on the benchmark thread and one coroutine that switches back as soon as it is switched to. */
    public abstract static class Greenlet {

        Hub hub;
        Coroutine echo;
        volatile boolean done;

        @Setup(Level.Trial)
        public void setUp() {
            // Scope.Thread: JMH runs setup on the thread that then runs the benchmark, the hub's own thread.
            hub = hub();
            echo = hub.spawn(self -> {
                while (!done) {
                    self.switchTo(hub);
                }
            });
        }

        abstract Hub hub();

        @TearDown(Level.Trial)
        public void tearDown() {
            done = true;
            hub.switchTo(echo);
        }
    }

    /** The model's hub: its coroutine carried by the benchmark thread. */
    @State(Scope.Thread)
    public static class Carried extends Greenlet {

        @Override
        Hub hub() {
            HubCarrier carrier = new HubCarrier();
            Thread.Builder.OfVirtual builder = HubCarrier.virtualThreads(carrier)
                    .orElseThrow(
                            () -> new IllegalStateException("run with --add-opens java.base/java.lang=ALL-UNNAMED"));
            return new Hub(builder.name("bench-coroutine-", 1).factory(), carrier, new LongAdder());
        }
    }

    /** The fallback: its coroutine on the JDK's carriers. */
    @State(Scope.Thread)
    public static class OnJdkCarriers extends Greenlet {

        @Override
        Hub hub() {
            return new Hub(Thread.ofVirtual().name("bench-coroutine-", 1).factory(), null, new LongAdder());
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
    public void hubToCoroutineAndBack(Carried state) {
        state.hub.switchTo(state.echo);
    }

    @Benchmark
    public void hubToCoroutineAndBackOnJdkCarriers(OnJdkCarriers state) {
        state.hub.switchTo(state.echo);
    }

    @Benchmark
    public void parkUnparkPingPong(PlatformPair state) {
        state.roundTrip();
    }
}
