package dev.echolab.stress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one target with one profile and returns what it saw. The calling thread coordinates: it starts the
 * {@link ClientLoop}s ({@code echo-lab-stress-N}, platform threads, connections dealt out round-robin), then about
 * every 250 ms merges their latency, reads their counters, the server's threads and CPU and the machine's CPU, and
 * reports live progress, until every loop has finished. It never touches a socket itself. Should it fail, it
 * cancels its loops before it returns: no load thread outlives its coordinator.
 */
final class LoadGenerator {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The load generator counts as saturated from this share of its threads' wall time on CPU. */
    static final double CLIENT_BOUND_UTILIZATION = 0.9;

    /** Told of the live counters on every tick. */
    interface Listener {
        void onTick(Live live, StressObserver.Tick tick);
    }

    private final StressRequest request;
    private final Target target;
    private final RunControl control;
    private final Listener listener;
    private final long runSeed;
    private final long maxDurationNanos;
    private final int threads;

    /**
     * @param threads load-generator threads; at most one per connection is used
     */
    LoadGenerator(
            StressRequest request,
            Target target,
            RunControl control,
            Listener listener,
            long runSeed,
            long maxDurationNanos,
            int threads) {
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
        List<Thread> running = new ArrayList<>();
        Progress progress = new Progress(schedule, loops, modelIndex, models);
        boolean watched = false;
        try {
            for (int i = 0; i < loops.size(); i++) {
                running.add(
                        Thread.ofPlatform().name("echo-lab-stress-" + (i + 1)).start(loops.get(i)));
            }
            progress.watch(running);
            watched = true;
        } finally {
            if (!watched) {
                stop(loops, running); // the coordinator is failing: take its load threads down with it
            }
        }
        long finished = System.nanoTime();
        for (ClientLoop loop : loops) {
            if (loop.crash != null) {
                log.error("{}: a load-generator thread failed", target.label(), loop.crash);
            }
        }
        return Results.of(
                target,
                address,
                request,
                schedule,
                loops,
                progress.watched(),
                startedAt,
                finished,
                control.cancelled());
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
                loops.add(new ClientLoop(schedule, address, mine, control));
            } catch (IOException e) {
                loops.forEach(ClientLoop::close);
                throw e;
            }
        }
        return loops;
    }

    /** The coordinator's view while the loops run: merged latency, live counters, the server's cost. */
    private final class Progress {
        private final Schedule schedule;
        private final List<ClientLoop> loops;
        private final int modelIndex;
        private final int models;
        private final Histogram[] intervals;
        private final Histogram tickLatency = histogram();
        private final Histogram latency = histogram();
        private final ArrayDeque<long[]> lastSecond = new ArrayDeque<>();
        private final long[] errorsSeen = new long[ClientError.values().length];
        private long messagesSeen;
        private Target.Usage serverBefore;
        private Target.Usage serverAfter;
        private int peakThreads;
        private final MachineLoad machine = new MachineLoad();
        private final String targetTag = target.tag();
        private boolean measuring;

        Progress(Schedule schedule, List<ClientLoop> loops, int modelIndex, int models) {
            this.schedule = schedule;
            this.loops = loops;
            this.modelIndex = modelIndex;
            this.models = models;
            this.intervals = new Histogram[loops.size()];
        }

        Results.Watched watched() {
            return new Results.Watched(latency, serverBefore, serverAfter, peakThreads, machine.busy());
        }

        void watch(List<Thread> threads) {
            long hardStop = schedule.endsByMessages()
                    ? Saturating.add(schedule.measureStart(), maxDurationNanos)
                    : Long.MAX_VALUE;
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now >= schedule.measureStart()) {
                    measuring = true;
                    serverBefore = sampleServer(); // null for a free target: its cost cannot be seen
                    machine.start();
                }
                if (now >= hardStop && !control.endRequested()) {
                    control.requestEnd();
                }
                tick(now);
                Thread alive =
                        threads.stream().filter(Thread::isAlive).findFirst().orElse(null);
                if (alive == null) {
                    break;
                }
                long sleep = TICK_NANOS;
                if (!measuring) {
                    sleep = Math.max(1, Math.min(sleep, schedule.measureStart() - now));
                }
                try {
                    alive.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(sleep)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    control.cancel();
                    loops.forEach(ClientLoop::wakeup);
                }
            }
            serverAfter = sampleServer();
            tick(System.nanoTime());
        }

        private void tick(long now) {
            for (int i = 0; i < loops.size(); i++) {
                intervals[i] = loops.get(i).latency.getIntervalHistogram(intervals[i]);
                tickLatency.add(intervals[i]);
            }
            latency.add(tickLatency);
            long messages = 0;
            int established = 0;
            int active = 0;
            long[] errors = new long[errorsSeen.length];
            for (ClientLoop loop : loops) {
                messages += loop.messages.get();
                established += loop.established.get();
                active += loop.open.get();
                for (int k = 0; k < errors.length; k++) {
                    errors[k] += loop.errors.get(k);
                }
            }
            Map<ClientError, Long> newErrors = new EnumMap<>(ClientError.class);
            long errorTotal = 0;
            for (ClientError kind : ClientError.values()) {
                long delta = errors[kind.ordinal()] - errorsSeen[kind.ordinal()];
                if (delta > 0) {
                    newErrors.put(kind, delta);
                }
                errorTotal += errors[kind.ordinal()];
            }
            System.arraycopy(errors, 0, errorsSeen, 0, errors.length);
            Live live = new Live(
                    target.label(),
                    modelIndex,
                    models,
                    phase(now),
                    Math.round((now - schedule.start()) / 1e6) / 1000.0,
                    progress(now, messages),
                    established,
                    active,
                    messages,
                    Math.round(ratePerSecond(now, messages) * 10) / 10.0,
                    latency.getTotalCount() == 0 ? null : ModelResult.Latency.micros(latency.getValueAtPercentile(50)),
                    latency.getTotalCount() == 0 ? null : ModelResult.Latency.micros(latency.getValueAtPercentile(99)),
                    errorTotal);
            listener.onTick(
                    live,
                    new StressObserver.Tick(
                            target.label(), tickLatency, messages - messagesSeen, newErrors, active, targetTag));
            messagesSeen = messages;
            tickLatency.reset();
            Target.Usage usage = sampleServer();
            if (usage != null) {
                peakThreads = Math.max(peakThreads, usage.threads());
            }
            if (now < schedule.end()) {
                machine.sample(); // the measured window only: the drain is not what the figures measure
            }
        }

        /** Messages per second over the last second of ticks. */
        private double ratePerSecond(long now, long messages) {
            lastSecond.addLast(new long[] {now, messages});
            while (lastSecond.size() > 2 && now - lastSecond.peekFirst()[0] > TimeUnit.SECONDS.toNanos(1)) {
                lastSecond.removeFirst();
            }
            long[] first = lastSecond.peekFirst();
            return now == first[0] ? 0 : (messages - first[1]) * 1e9 / (now - first[0]);
        }

        /** This model's share done: by time, or by messages when they end the run; 1 only once it ended. */
        private double progress(long now, long messages) {
            double done = schedule.endsByMessages()
                    ? (double) messages / ((double) schedule.messagesPerConnection() * schedule.connections())
                    : (double) (now - schedule.start()) / (schedule.end() - schedule.start());
            return Math.round(Math.clamp(done, 0, 0.99) * 1000) / 1000.0;
        }

        private String phase(long now) {
            if (now < schedule.start() + schedule.rampUpNanos()) {
                return "ramp-up";
            }
            if (now < schedule.measureStart()) {
                return "warm-up";
            }
            return now < schedule.end() && !control.endRequested() ? "measuring" : "draining";
        }

        private Target.Usage sampleServer() {
            return target.probe() == null ? null : target.probe().sample();
        }
    }

    static Histogram histogram() {
        return new Histogram(1, ClientLoop.HIGHEST_LATENCY_NANOS, 3);
    }
}
