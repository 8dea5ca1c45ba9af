package dev.echolab.stress;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of running stress runs: every 500 ms, one thread ({@code echo-lab-stress-events}) builds
 * each watched run's JSON once and sends it to every subscriber of that run; when the run has ended it sends the
 * final JSON and completes the stream. Nothing is done while nobody watches.
 */
@Component
class StressEvents implements DisposableBean {

    private static final long PERIOD_MILLIS = 500;
    private static final Duration MAX_STREAM = Duration.ofHours(2);

    private final StressRuns runs;
    private final Map<String, List<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("echo-lab-stress-events").daemon().unstarted(task));

    StressEvents(StressRuns runs) {
        this.runs = runs;
        ticker.scheduleAtFixedRate(this::push, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A stream of the run's JSON; a finished run gets one event and the end of the stream. */
    SseEmitter subscribe(StressRun run) {
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        if (run.finished()) {
            send(emitter, run);
            emitter.complete();
            return emitter;
        }
        List<SseEmitter> list = watchers.computeIfAbsent(run.id(), id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable forget = () -> list.remove(emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        send(emitter, run);
        return emitter;
    }

    private void push() {
        for (Map.Entry<String, List<SseEmitter>> entry : watchers.entrySet()) {
            StressRun run = runs.find(entry.getKey()).orElse(null);
            List<SseEmitter> emitters = entry.getValue();
            for (SseEmitter emitter : emitters) {
                if (run == null) {
                    emitter.complete();
                } else if (send(emitter, run) && run.finished()) {
                    emitter.complete();
                }
            }
            if (run == null || run.finished()) {
                watchers.remove(entry.getKey());
            }
        }
    }

    /** False when the subscriber has gone; it is then forgotten. */
    private static boolean send(SseEmitter emitter, StressRun run) {
        try {
            emitter.send(SseEmitter.event().name("run").id(run.id()).data(run, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return false;
        }
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        watchers.values().forEach(list -> list.forEach(SseEmitter::complete));
    }
}
