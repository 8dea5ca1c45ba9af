package dev.echolab.stress;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The coordinator's side of one target's load: on the calling thread, about every 250 ms until every load thread
 * has ended, it merges the loops' latencies, reads their {@link LoopCounters}, samples the server's threads and CPU
 * and the machine's CPU, reports live progress, and ends a run by messages that hits {@code echo.stress
 * .max-duration}. It never touches a socket, and reads nothing of a loop but its counters.
 */
final class LoadWatch {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * What the coordinator saw of the server, the machine and the latency.
     *
     * @param latency      every measured latency, ns
     * @param serverBefore the server's usage as measuring started; null if it never started (or no probe)
     * @param serverAfter  the server's usage after the drain; null without a probe
     * @param peakThreads  most threads the server held at a tick
     * @param machineBusy  share of the whole machine's CPU time busy over the measured window; null if unknown
     */
    record Watched(
            Histogram latency,
            ResolvedTarget.Usage serverBefore,
            ResolvedTarget.Usage serverAfter,
            int peakThreads,
            Double machineBusy) {}

    private final ResolvedTarget target;
    private final Schedule schedule;
    private final List<LoopCounters> loops;
    private final RunControl control;
    private final LoadGenerator.Listener listener;
    private final int modelIndex;
    private final int models;
    private final long maxDurationNanos;
    private final MachineLoad machine;
    private final String targetTag;
    private final Histogram[] intervals;
    private final Histogram tickLatency = LoadGenerator.histogram();
    private final Histogram latency = LoadGenerator.histogram();
    private final ArrayDeque<long[]> lastSecond = new ArrayDeque<>();
    private final long[] errorsSeen = new long[ClientError.values().length];
    private long messagesSeen;
    private ResolvedTarget.Usage serverBefore;
    private ResolvedTarget.Usage serverAfter;
    private int peakThreads;
    private boolean measuring;

    LoadWatch(
            ResolvedTarget target,
            Schedule schedule,
            List<LoopCounters> loops,
            RunControl control,
            LoadGenerator.Listener listener,
            int modelIndex,
            int models,
            long maxDurationNanos,
            MachineLoad machine) {
        this.target = target;
        this.schedule = schedule;
        this.loops = loops;
        this.control = control;
        this.listener = listener;
        this.modelIndex = modelIndex;
        this.models = models;
        this.maxDurationNanos = maxDurationNanos;
        this.machine = machine;
        this.targetTag = target.tag();
        this.intervals = new Histogram[loops.size()];
    }

    Watched watched() {
        return new Watched(latency, serverBefore, serverAfter, peakThreads, machine.busy());
    }

    /**
     * Ticks until every thread has ended. Interrupted, it cancels the run (the loops see it at once) and goes on
     * until they have closed their sockets.
     *
     * @param wake wakes every loop, to see a cancel at once
     */
    void watch(List<Thread> threads, Runnable wake) {
        long hardStop =
                schedule.endsByMessages() ? Saturating.add(schedule.measureStart(), maxDurationNanos) : Long.MAX_VALUE;
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
            Thread alive = threads.stream().filter(Thread::isAlive).findFirst().orElse(null);
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
                wake.run();
            }
        }
        serverAfter = sampleServer();
        tick(System.nanoTime());
    }

    private void tick(long now) {
        for (int i = 0; i < loops.size(); i++) {
            intervals[i] = loops.get(i).latencySince(intervals[i]);
            tickLatency.add(intervals[i]);
        }
        latency.add(tickLatency);
        long messages = 0;
        int established = 0;
        int active = 0;
        long[] errors = new long[errorsSeen.length];
        for (LoopCounters loop : loops) {
            messages += loop.messages();
            established += loop.established();
            active += loop.open();
            for (ClientError kind : ClientError.values()) {
                errors[kind.ordinal()] += loop.errors(kind);
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
        ResolvedTarget.Usage usage = sampleServer();
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
                : (double) (now - schedule.start()) / ((double) schedule.end() - schedule.start());
        return Math.round(Math.clamp(done, 0, 0.99) * 1000) / 1000.0;
    }

    private String phase(long now) {
        if (now < Saturating.add(schedule.start(), schedule.rampUpNanos())) {
            return "ramp-up";
        }
        if (now < schedule.measureStart()) {
            return "warm-up";
        }
        return now < schedule.end() && !control.endRequested() ? "measuring" : "draining";
    }

    private ResolvedTarget.Usage sampleServer() {
        return target.probe() == null ? null : target.probe().sample();
    }
}
