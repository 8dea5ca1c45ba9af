package dev.echolab.stress;

import dev.echolab.config.EchoProperties;
import dev.echolab.stress.StressRun.Status;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stress runs: starts them one at a time, each on its own coordinator thread ({@code echo-lab-stress-run}), keeps
 * the last {@code echo.stress.history} of them, and cancels. Thread-safe. It stops with the application, before
 * the echo servers do, cancelling a run still going.
 */
@Component
public class StressRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StressRuns.class);
    private static final long CANCEL_WAIT_MILLIS = 2_000;

    private final EchoProperties.StressProperties limits;
    private final List<StressObserver> observers;
    private final Deque<Run> history = new ArrayDeque<>();
    private Run current;
    private volatile boolean running;

    public StressRuns(EchoProperties properties, List<StressObserver> observers) {
        this.limits = properties.stress();
        this.observers = List.copyOf(observers);
    }

    /**
     * Starts loading the targets, one after another, and returns at once.
     *
     * @throws RunInProgressException when a run is still going
     */
    public synchronized StressRun submit(StressRequest request, List<Target> targets) {
        if (current != null) {
            throw new RunInProgressException(current.id);
        }
        Run run = new Run(request, targets);
        current = run;
        history.addFirst(run);
        while (history.size() > limits.history()) {
            history.removeLast();
        }
        run.thread = Thread.ofPlatform().name("echo-lab-stress-run").start(() -> execute(run));
        return run.view();
    }

    public synchronized Optional<StressRun> find(String id) {
        return history.stream().filter(r -> r.id.equals(id)).findFirst().map(Run::view);
    }

    /** Newest first. */
    public synchronized List<StressRun> list() {
        return history.stream().map(Run::view).toList();
    }

    /**
     * Cancels a run that is still going and waits (up to 2 s) until every one of its sockets is closed. A finished
     * run is returned as it is.
     */
    public Optional<StressRun> cancel(String id) {
        Run run;
        synchronized (this) {
            run = history.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
        }
        if (run == null) {
            return Optional.empty();
        }
        run.cancel();
        try {
            run.thread.join(CANCEL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(run.view());
    }

    private void execute(Run run) {
        run.startedAt = Instant.now();
        run.status = Status.RUNNING;
        long seed = ThreadLocalRandom.current().nextLong();
        Status outcome = Status.FAILED;
        try {
            for (int i = 0; i < run.targets.size() && !run.cancelled; i++) {
                RunControl control = new RunControl();
                run.control = control;
                if (run.cancelled) {
                    control.cancel(); // cancel() came between the loop test and the line above
                }
                LoadGenerator generator = new LoadGenerator(run.request, run.targets.get(i), control,
                        (live, tick) -> {
                            run.live = live;
                            observers.forEach(o -> o.onTick(tick));
                        }, seed, limits.maxDuration().toNanos(),
                        LoadGenerator.threads(run.request, limits.clientThreads()));
                run.results.add(generator.run(i, run.targets.size()));
            }
            outcome = run.cancelled ? Status.CANCELLED
                    : run.results.stream().allMatch(ModelResult::succeeded) ? Status.SUCCEEDED : Status.FAILED;
        } catch (RuntimeException e) {
            log.error("stress run {} failed", run.id, e);
        } finally {
            run.finishedAt = Instant.now();
            run.live = null;
            // Free the slot before the status says finished, so a client that saw it finish may start the next.
            synchronized (this) {
                current = null;
            }
            run.status = outcome;
            log.info("stress run {} {}", run.id, outcome);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Cancels the run still going, so the app can stop without waiting for it. */
    @Override
    public void stop() {
        Run run;
        synchronized (this) {
            run = current;
        }
        if (run != null) {
            cancel(run.id);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the echo servers start (phase 0), and before they stop. */
    @Override
    public int getPhase() {
        return 1;
    }

    /** One run's state: written by its coordinator thread, read by any. */
    private static final class Run {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final StressRequest request;
        final List<Target> targets;
        final Instant createdAt = Instant.now();
        final List<ModelResult> results = new CopyOnWriteArrayList<>();
        volatile Status status = Status.QUEUED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile Live live;
        volatile RunControl control;
        volatile boolean cancelled;
        Thread thread;

        Run(StressRequest request, List<Target> targets) {
            this.request = request;
            this.targets = List.copyOf(targets);
        }

        void cancel() {
            cancelled = true;
            RunControl now = control;
            if (now != null) {
                now.cancel();
            }
        }

        StressRun view() {
            Status s = status;
            Live l = live;
            int done = results.size();
            double progress = s == Status.SUCCEEDED || s == Status.FAILED ? 1
                    : (done + (l != null && l.modelIndex() == done ? l.progress() : 0)) / targets.size();
            return new StressRun(id, s, Math.round(progress * 1000) / 1000.0, request, createdAt, startedAt,
                    finishedAt, s.finished() ? null : l, List.copyOf(results));
        }
    }
}
