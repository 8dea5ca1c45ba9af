package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live streams of runs, with emitters that stand for subscribers: one that records what it gets, one whose
 * write blocks as a client that never reads makes it block, one whose write throws.
 */
@Timeout(60)
class StressEventsTests {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    private final Map<String, StressRun> runs = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private StressEvents events;

    @AfterEach
    void stop() {
        release.countDown();
        events.destroy();
    }

    @Test
    void aSubscriberThatDoesNotReadIsDroppedWithoutStallingTheOthers() {
        events = events(
                new StressEvents.Limits(8, 8, Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMinutes(5)));
        StressRun run = running("r1");
        Stuck stuck = new Stuck();
        Recording fast = new Recording();
        events.subscribe(run, "127.0.0.1", stuck);
        events.subscribe(run, "127.0.0.1", fast);

        await().atMost(AWAIT).until(() -> events.watching() == 1);
        int before = fast.events.size();
        await().atMost(AWAIT).until(() -> fast.events.size() >= before + 10);
        assertThat(stuck.writes)
                .as("the stuck one got one write, and no second")
                .hasSize(1);
        assertThat(fast.completed).isFalse();
    }

    @Test
    void aFailingSubscriberOrRunCostsOnlyItself() {
        events = events(
                new StressEvents.Limits(8, 8, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofMinutes(5)));
        Failing failing = new Failing();
        Recording fast = new Recording();
        Recording other = new Recording();
        events.subscribe(running("r1"), "127.0.0.1", failing);
        events.subscribe(running("r1"), "127.0.0.1", fast);
        events.subscribe(running("bad"), "127.0.0.1", other); // looking this run up throws, every time

        await().atMost(AWAIT).until(() -> fast.events.size() >= 10);
        assertThat(failing.completed).as("the failing one was ended").isTrue();
        assertThat(events.watching()).isEqualTo(2);
        assertThat(other.events).as("its first event, from subscribe").hasSize(1);
    }

    @Test
    void subscribersAreCappedAndAnEndedRunFreesItsSlots() {
        events = events(
                new StressEvents.Limits(2, 2, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofMinutes(5)));
        Recording first = new Recording();
        Recording second = new Recording();
        events.subscribe(running("r1"), "10.0.0.1", first);
        events.subscribe(running("r1"), "10.0.0.2", second);
        assertThatThrownBy(() -> events.subscribe(running("r1"), "10.0.0.3", new Recording()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getType()).isEqualTo(StressProblemType.TOO_MANY_WATCHERS.uri());
                });

        runs.put("r1", run("r1", StressRun.Status.SUCCEEDED));
        await().atMost(AWAIT).until(() -> first.completed && second.completed);
        assertThat(first.events.getLast()).contains("\"status\":\"SUCCEEDED\"");
        assertThat(events.watching()).isZero();
        events.subscribe(running("r1"), "127.0.0.1", new Recording());
    }

    @Test
    void oneClientAddressGetsItsShareOfTheStreamsAndNoMore() {
        events = events(
                new StressEvents.Limits(4, 2, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofMinutes(5)));
        Recording first = new Recording();
        events.subscribe(running("r1"), "127.0.0.1", first);
        events.subscribe(running("r1"), "127.0.0.1", new Recording());

        assertThatThrownBy(() -> events.subscribe(running("r1"), "127.0.0.1", new Recording()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getType()).isEqualTo(StressProblemType.TOO_MANY_WATCHERS.uri());
                    assertThat(e.getBody().getDetail())
                            .contains("2 live streams to 127.0.0.1")
                            .contains("4 in all");
                });
        events.subscribe(running("r1"), "10.0.0.2", new Recording());
        assertThat(events.watching()).as("the refused one is not counted").isEqualTo(3);

        runs.put("r1", run("r1", StressRun.Status.SUCCEEDED));
        await().atMost(AWAIT).until(() -> first.completed && events.watching() == 0);
        events.subscribe(running("r2"), "127.0.0.1", new Recording());
        events.subscribe(running("r2"), "127.0.0.1", new Recording());
        assertThat(events.watching())
                .as("an ended stream frees its client's share")
                .isEqualTo(2);
    }

    @Test
    void aStreamEndsAfterItsLifetimeWhileTheRunGoesOn() {
        events = events(
                new StressEvents.Limits(8, 8, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofMillis(300)));
        Recording watcher = new Recording();
        events.subscribe(running("r1"), "127.0.0.1", watcher);
        await().atMost(AWAIT).until(() -> watcher.completed);
        assertThat(watcher.events.getLast()).contains("\"status\":\"RUNNING\"");
        assertThat(events.watching()).isZero();
    }

    @Test
    void aFinishedRunGetsOneEventAndTheEnd() {
        events = events(StressEvents.Limits.DEFAULTS);
        runs.put("r1", run("r1", StressRun.Status.FAILED));
        Recording watcher = new Recording();
        events.subscribe(runs.get("r1"), "127.0.0.1", watcher);
        await().atMost(AWAIT).until(() -> watcher.completed);
        assertThat(watcher.events)
                .hasSize(1)
                .first()
                .asString()
                .contains("event:run", "id:r1", "\"status\":\"FAILED\"");
    }

    private StressEvents events(StressEvents.Limits limits) {
        return new StressEvents(
                id -> {
                    if (id.equals("bad")) {
                        throw new IllegalStateException("a run that cannot be looked up");
                    }
                    return Optional.ofNullable(runs.get(id));
                },
                JsonMapper.builder().build(),
                limits);
    }

    private StressRun running(String id) {
        return runs.computeIfAbsent(id, i -> run(i, StressRun.Status.RUNNING));
    }

    private static StressRun run(String id, StressRun.Status status) {
        return new StressRun(id, status, 0.5, null, Instant.now(), Instant.now(), null, null, List.of(), null, null);
    }

    private static String text(SseEmitter.SseEventBuilder event) {
        return event.build().stream().map(d -> String.valueOf(d.getData())).collect(Collectors.joining());
    }

    /** A subscriber that reads everything. */
    private static class Recording extends SseEmitter {

        final List<String> events = new CopyOnWriteArrayList<>();
        volatile boolean completed;

        @Override
        public synchronized void send(SseEventBuilder event) {
            events.add(text(event));
        }

        @Override
        public synchronized void complete() {
            completed = true;
        }

        @Override
        public synchronized void completeWithError(Throwable ex) {
            completed = true;
        }
    }

    /** A subscriber that never reads: its write blocks, holding the emitter's lock, as a full socket would. */
    private class Stuck extends Recording {

        final List<String> writes = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void send(SseEventBuilder event) {
            writes.add(text(event));
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A subscriber whose write throws something unexpected. */
    private static class Failing extends Recording {

        @Override
        public synchronized void send(SseEventBuilder event) {
            throw new UnsupportedOperationException("a write that fails");
        }
    }
}
