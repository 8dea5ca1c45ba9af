package dev.echolab.stress;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-sent events of running stress runs. Every period one thread ({@code echo-lab-stress-events}) writes each
 * watched run's JSON once and hands it to its subscribers; the writes happen on other threads
 * ({@code echo-lab-stress-events-send-N}), at most one per subscriber at a time, and a subscriber still busy with
 * an older event just gets the newest one next. So a subscriber that does not read stalls only itself, and once
 * one write has taken longer than {@link Limits#slowAfter} it is dropped. Subscribers are capped, in all and per
 * client address (so one client cannot take every stream), and each stream ends after {@link Limits#lifetime} (the
 * console then polls). When a run ends, its last JSON is sent and the
 * stream completes. Nothing is done while nobody watches.
 */
@Component
class StressEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StressEvents.class);

    /**
     * How many streams at once, in all and from one client address, how often they get an event, when a subscriber
     * is too slow, how long a stream lasts.
     */
    record Limits(int maxWatchers, int maxPerClient, Duration period, Duration slowAfter, Duration lifetime) {

        static final Limits DEFAULTS =
                new Limits(32, 8, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(15));
    }

    /** One event for one subscriber: the run's JSON, and whether the stream ends after it. */
    private record Event(String json, boolean last) {}

    private final Function<String, Optional<StressRun>> find;
    private final JsonMapper json;
    private final Limits limits;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Open streams by client address; an address with none has no entry. */
    private final Map<String, Integer> byClient = new ConcurrentHashMap<>();

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("echo-lab-stress-events").daemon().unstarted(task));
    private final ThreadPoolExecutor senders;

    @Autowired
    StressEvents(StressRuns runs, JsonMapper json) {
        this(runs::find, json, Limits.DEFAULTS);
    }

    StressEvents(Function<String, Optional<StressRun>> find, JsonMapper json, Limits limits) {
        this.find = find;
        this.json = json;
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        // Twice the cap: a dropped subscriber's thread stays blocked in its write until the container times it out.
        this.senders = new ThreadPoolExecutor(
                0,
                2 * limits.maxWatchers(),
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                task -> Thread.ofPlatform()
                        .name("echo-lab-stress-events-send-" + threads.incrementAndGet())
                        .daemon()
                        .unstarted(task));
        long period = limits.period().toMillis();
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of the run's JSON to a client at the given address; a finished run gets one event and the end of
     * the stream.
     */
    SseEmitter subscribe(StressRun run, String client) {
        return subscribe(
                run, client, new SseEmitter(limits.lifetime().plusSeconds(5).toMillis()));
    }

    /** As {@link #subscribe(StressRun, String)}, onto a given emitter. */
    SseEmitter subscribe(StressRun run, String client, SseEmitter emitter) {
        if (byClient.merge(client, 1, Integer::sum) > limits.maxPerClient()) {
            release(client);
            throw StressProblems.tooManyWatchersFrom(client, limits.maxPerClient(), limits.maxWatchers());
        }
        if (count.incrementAndGet() > limits.maxWatchers()) {
            count.decrementAndGet();
            release(client);
            throw StressProblems.tooManyWatchers(limits.maxWatchers());
        }
        Watcher watcher = new Watcher(emitter, run.id(), client);
        emitter.onCompletion(watcher::forget);
        emitter.onTimeout(watcher::forget);
        emitter.onError(e -> watcher.forget());
        if (!run.finished()) {
            watchers.compute(run.id(), (id, list) -> {
                List<Watcher> all = list != null ? list : new CopyOnWriteArrayList<>();
                all.add(watcher);
                return all;
            });
        }
        watcher.offer(new Event(json.writeValueAsString(run), run.finished()));
        return emitter;
    }

    /** How many streams are open: what the tests look at. */
    int watching() {
        return count.get();
    }

    private void release(String client) {
        byClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
    }

    /** Never throws: an exception would cancel the periodic task, and every stream with it. */
    private void tick() {
        for (Map.Entry<String, List<Watcher>> entry : watchers.entrySet()) {
            try {
                push(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                log.warn("could not push run {} to its watchers; trying again next time", entry.getKey(), e);
            }
        }
    }

    private void push(String id, List<Watcher> list) {
        StressRun run = find.apply(id).orElse(null);
        if (run == null || run.finished()) {
            watchers.remove(id);
        }
        if (run == null) {
            list.forEach(w -> w.offer(null));
            return;
        }
        String data = json.writeValueAsString(run);
        long now = System.nanoTime();
        for (Watcher watcher : list) {
            watcher.offer(new Event(data, run.finished() || now - watcher.deadline > 0));
        }
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        watchers.values().forEach(list -> list.forEach(w -> w.offer(null)));
        senders.shutdown();
    }

    /**
     * One subscriber: the newest event not yet sent, and whether a sender thread is writing. The emitter is only
     * ever touched by that one sender thread, as its methods lock it for as long as a write blocks.
     */
    private final class Watcher {

        private static final Event END = new Event(null, true);

        private final SseEmitter emitter;
        private final String runId;
        private final String client;
        private final long deadline = System.nanoTime() + limits.lifetime().toNanos();
        private final AtomicReference<Event> pending = new AtomicReference<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final AtomicBoolean forgotten = new AtomicBoolean();
        private volatile long writingSince;

        Watcher(SseEmitter emitter, String runId, String client) {
            this.emitter = emitter;
            this.runId = runId;
            this.client = client;
        }

        /** Queues the event (null: end the stream) over any older one not sent yet, and drops a stuck watcher. */
        void offer(Event event) {
            pending.set(event == null ? END : event);
            if (sending.compareAndSet(false, true)) {
                writingSince = System.nanoTime();
                submit();
            } else if (System.nanoTime() - writingSince > limits.slowAfter().toNanos() && forget()) {
                log.info(
                        "dropped a watcher of run {}: one event took longer than {} s to write",
                        runId,
                        limits.slowAfter().toSeconds());
            }
        }

        private void submit() {
            try {
                senders.execute(this::drain);
            } catch (RejectedExecutionException e) {
                sending.set(false);
                forget();
            }
        }

        /** On a sender thread: writes events until none is pending, then lets the next offer start again. */
        private void drain() {
            try {
                for (Event event = pending.getAndSet(null); event != null; event = pending.getAndSet(null)) {
                    if (forgotten.get() || event == END) {
                        emitter.complete();
                        forget();
                        return;
                    }
                    writingSince = System.nanoTime();
                    emitter.send(
                            SseEmitter.event().name("run").id(runId).data(event.json(), MediaType.APPLICATION_JSON));
                    if (event.last() || forgotten.get()) { // forgotten: dropped as slow while this write blocked
                        emitter.complete();
                        forget();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The subscriber went away, or its emitter failed: it alone is dropped.
                forget();
                emitter.completeWithError(e);
                return;
            } finally {
                sending.set(false);
            }
            if (pending.get() != null && sending.compareAndSet(false, true)) {
                submit(); // an event offered while this one was finishing
            }
        }

        /** True the first time: the watcher no longer counts against the caps nor gets events. */
        boolean forget() {
            if (!forgotten.compareAndSet(false, true)) {
                return false;
            }
            count.decrementAndGet();
            release(client);
            watchers.computeIfPresent(runId, (id, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
            return true;
        }
    }
}
