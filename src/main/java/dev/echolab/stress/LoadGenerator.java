package dev.echolab.stress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one target with one profile and returns what it saw. It starts the {@link ClientLoop}s ({@code
 * echo-lab-stress-N}, platform threads, connections dealt out round-robin), lets a {@link LoadWatch} coordinate on
 * the calling thread until every loop has ended, and turns the loops' {@link LoopFigures} and what the watch saw into
 * a result ({@link Results}). Should the coordinator fail, it cancels its loops before it returns: no load thread
 * outlives its coordinator.
 */
final class LoadGenerator {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

    /** Told of the live counters on every tick. */
    interface Listener {
        void onTick(Live live, StressObserver.Tick tick);
    }

    /**
     * What a test may put in place of the real thing: the machine's CPU counters (a machine busy or quiet on
     * purpose), and what each load thread runs at the start of every pass of its loop (a generator made slow on
     * purpose).
     */
    record Seams(Supplier<MachineLoad> machine, Runnable eachPass) {
        static final Seams NONE = new Seams(MachineLoad::new, () -> {});
    }

    private final StressRequest request;
    private final ResolvedTarget target;
    private final RunControl control;
    private final Listener listener;
    private final long runSeed;
    private final long maxDurationNanos;
    private final int threads;
    private final Seams seams;

    /**
     * @param threads load-generator threads; at most one per connection is used
     */
    LoadGenerator(
            StressRequest request,
            ResolvedTarget target,
            RunControl control,
            Listener listener,
            long runSeed,
            long maxDurationNanos,
            int threads) {
        this(request, target, control, listener, runSeed, maxDurationNanos, threads, Seams.NONE);
    }

    LoadGenerator(
            StressRequest request,
            ResolvedTarget target,
            RunControl control,
            Listener listener,
            long runSeed,
            long maxDurationNanos,
            int threads,
            Seams seams) {
        this.seams = seams;
        this.request = request;
        this.target = target;
        this.control = control;
        this.listener = listener;
        this.runSeed = runSeed;
        this.maxDurationNanos = maxDurationNanos;
        this.threads = Math.clamp(threads, 1, request.connections() + request.idleConnections());
    }

    /**
     * The threads a run uses: as asked, else {@code echo.stress.client-threads}, else one per core; never more than
     * it has connections.
     */
    static int threads(StressRequest request, int configured) {
        int wanted = request.threads() != null
                ? request.threads()
                : configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        return Math.clamp(wanted, 1, request.connections() + request.idleConnections());
    }

    /** Loads the target; returns when every client socket is closed. */
    ModelResult run(int modelIndex, int models) {
        Instant startedAt = Instant.now();
        InetSocketAddress address = target.address().get();
        if (address == null) {
            return Results.nothingSent(
                    target,
                    request,
                    startedAt,
                    "The " + target.label() + " server was not running when its turn came; nothing was sent.");
        }
        Schedule schedule = Schedule.of(request, System.nanoTime());
        List<ClientLoop> loops;
        try {
            loops = loops(schedule, address);
        } catch (IOException e) {
            log.error("{}: cannot open a selector", target.label(), e);
            return Results.nothingSent(
                    target,
                    request,
                    startedAt,
                    "The load generator could not open a selector (" + e.getMessage() + "); nothing was sent.");
        }
        LoadWatch watch = new LoadWatch(
                target,
                schedule,
                loops.stream().map(ClientLoop::counters).toList(),
                control,
                listener,
                modelIndex,
                models,
                maxDurationNanos,
                seams.machine().get());
        List<FutureTask<LoopFigures>> tasks = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        boolean watched = false;
        try {
            for (int i = 0; i < loops.size(); i++) {
                FutureTask<LoopFigures> task = new FutureTask<>(loops.get(i));
                tasks.add(task);
                running.add(
                        Thread.ofPlatform().name("echo-lab-stress-" + (i + 1)).start(task));
            }
            watch.watch(running, () -> loops.forEach(ClientLoop::wakeup));
            watched = true;
        } finally {
            if (!watched) {
                stop(loops, running); // the coordinator is failing: take its load threads down with it
            }
        }
        long finished = System.nanoTime();
        List<LoopFigures> figures = tasks.stream().map(FutureTask::resultNow).toList();
        for (LoopFigures loop : figures) {
            if (loop.crash() != null) {
                log.error("{}: a load-generator thread failed", target.label(), loop.crash());
            }
        }
        return Results.of(
                target, address, request, schedule, figures, watch.watched(), startedAt, finished, control.cancelled());
    }

    /** Cancels the loops, wakes them to see it, and waits (a bounded time) until each has closed its sockets. */
    private void stop(List<ClientLoop> loops, List<Thread> running) {
        control.cancel();
        loops.forEach(ClientLoop::wakeup);
        for (Thread thread : running) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = running.size(); i < loops.size(); i++) {
            loops.get(i).close(); // never started
        }
    }

    /** One loop per thread, each with its share of the connections; none left open if one cannot be made. */
    private List<ClientLoop> loops(Schedule schedule, InetSocketAddress address) throws IOException {
        int total = request.connections() + request.idleConnections();
        List<ClientLoop> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ClientLoop.Plan[] mine = new ClientLoop.Plan[(total - t + threads - 1) / threads];
            for (int j = 0; j < mine.length; j++) {
                int index = t + j * threads;
                mine[j] = new ClientLoop.Plan(index, EchoPattern.seed(runSeed, index), index >= request.connections());
            }
            try {
                loops.add(new ClientLoop(schedule, address, mine, control, seams.eachPass()));
            } catch (IOException e) {
                loops.forEach(ClientLoop::close);
                throw e;
            }
        }
        return loops;
    }

    static Histogram histogram() {
        return new Histogram(1, ClientLoop.HIGHEST_LATENCY_NANOS, 3);
    }
}
