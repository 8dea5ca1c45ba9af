package dev.echolab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Names the threads of every model ({@code echo-<id>-<role>-N}) and attributes CPU time to models by those names.
 *
 * <p>CPU time of a model = CPU of its live threads + CPU of its threads that have ended. A thread made by
 * {@link #factory} records its own CPU time as it ends (exact); any other thread of the model that disappears
 * between two samples is credited with the time seen at the last sample. Virtual threads have no CPU time of
 * their own: their work runs on the JDK scheduler's carrier threads, so the carriers' time is credited to the
 * models that {@linkplain IoModel#runsOnVirtualThreads() run on virtual threads}. That is only honest while
 * nothing else in the process uses virtual threads, which is why the app keeps them off everywhere else.
 *
 * <p>One model borrows carriers without being a virtual-thread model: {@code greenlet} runs its coroutines on
 * virtual threads, but one at a time and only while they hold its hub's baton. It reports that time
 * ({@link #carrierTimeSpentBy}); it is credited to {@code greenlet} and taken out of the carriers' figure, never
 * more than the carriers actually used ({@link CarrierShare}).
 */
public final class ModelThreads {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final Map<IoModel, LongAdder> ENDED_CPU = new EnumMap<>(IoModel.class);
    /** Threads that already credited their own CPU on exit: the sampler must not count them again. */
    private static final Set<Long> SELF_ACCOUNTED = ConcurrentHashMap.newKeySet();

    private static final Map<Long, Seen> LAST_SEEN = new ConcurrentHashMap<>();
    private static final Map<IoModel, Long> REPORTED = new EnumMap<>(IoModel.class);
    /** Carrier time that a model's coroutines report having used, as they report it. */
    private static final Map<IoModel, LongAdder> BORROWED_CARRIER_TIME = new EnumMap<>(IoModel.class);

    private static final CarrierShare CARRIER_SHARE = new CarrierShare();

    static {
        for (IoModel m : IoModel.values()) {
            ENDED_CPU.put(m, new LongAdder());
            BORROWED_CARRIER_TIME.put(m, new LongAdder());
            REPORTED.put(m, 0L);
        }
    }

    private record Seen(IoModel model, long cpuNanos) {}

    /** What a model's threads hold and have spent, at one moment. */
    public record Usage(int platformThreads, long cpuNanos) {}

    private ModelThreads() {}

    /**
     * Platform threads named {@code echo-<id>-<role>-N}, or {@code echo-<id>-N} for an empty role (N from 1),
     * which credit their CPU time to the model as they end.
     */
    public static ThreadFactory factory(IoModel model, String role) {
        AtomicInteger n = new AtomicInteger();
        String prefix = role.isEmpty() ? model.threadPrefix() : model.threadPrefix() + role + "-";
        return task -> Thread.ofPlatform().name(prefix + n.incrementAndGet()).unstarted(() -> {
            try {
                task.run();
            } finally {
                creditEndingThread(model);
            }
        });
    }

    /** One named platform thread, started, that credits its CPU time to the model as it ends. */
    public static Thread start(IoModel model, String name, Runnable task) {
        return Thread.ofPlatform().name(model.threadPrefix() + name).start(() -> {
            try {
                task.run();
            } finally {
                creditEndingThread(model);
            }
        });
    }

    /**
     * Where a model that runs code on the JDK's carrier threads, one piece at a time, adds the nanoseconds that
     * code ran: {@link #sample()} credits them to the model and takes them out of the carriers' figure.
     */
    static LongAdder carrierTimeSpentBy(IoModel model) {
        return BORROWED_CARRIER_TIME.get(model);
    }

    private static void creditEndingThread(IoModel model) {
        long cpu = MX.getCurrentThreadCpuTime();
        if (cpu > 0) {
            long id = Thread.currentThread().threadId();
            // Only a thread the sampler has seen could be credited twice: remembering the others too would grow
            // the set with every thread ever ended while nothing samples. A sample running right now may still
            // see this thread for the first time; the error is that thread's CPU once, and it cannot accumulate.
            if (LAST_SEEN.containsKey(id)) {
                SELF_ACCOUNTED.add(id);
            }
            ENDED_CPU.get(model).add(cpu);
        }
    }

    /** Threads remembered as having credited themselves; bounded by the threads the sampler has seen. For tests. */
    static int selfAccountedThreads() {
        return SELF_ACCOUNTED.size();
    }

    /**
     * Samples every thread once and returns each model's usage. Cost grows with the number of live threads;
     * callers sample at most a few times a second.
     */
    public static synchronized Map<IoModel, Usage> sample() {
        long[] ids = MX.getAllThreadIds();
        ThreadInfo[] infos = MX.getThreadInfo(ids);
        long[] cpu = MX.getThreadCpuTime(ids);
        String carrierPrefix = CarrierThreads.namePrefix();

        Map<IoModel, long[]> live = new EnumMap<>(IoModel.class); // [threads, cpu]
        for (IoModel m : IoModel.values()) {
            live.put(m, new long[2]);
        }
        Set<Long> seenNow = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue; // ended between the two calls
            }
            String name = infos[i].getThreadName();
            for (IoModel m : owners(name, carrierPrefix)) {
                seenNow.add(ids[i]);
                if (SELF_ACCOUNTED.contains(ids[i])) {
                    continue; // it is ending and has already credited itself
                }
                long[] t = live.get(m);
                t[0]++;
                t[1] += cpu[i];
                LAST_SEEN.put(ids[i], new Seen(m, cpu[i]));
            }
        }
        LAST_SEEN.entrySet().removeIf(e -> {
            if (seenNow.contains(e.getKey())) {
                return false;
            }
            if (!SELF_ACCOUNTED.remove(e.getKey())) {
                ENDED_CPU.get(e.getValue().model()).add(e.getValue().cpuNanos());
            }
            return true;
        });
        SELF_ACCOUNTED.removeIf(id -> !seenNow.contains(id) && !LAST_SEEN.containsKey(id));

        Arrays.stream(IoModel.values())
                .filter(IoModel::runsOnVirtualThreads)
                .findFirst()
                .ifPresent(carried -> CARRIER_SHARE.update(
                        live.get(carried)[1] + ENDED_CPU.get(carried).sum()));
        Map<IoModel, Usage> out = new EnumMap<>(IoModel.class);
        for (IoModel m : IoModel.values()) {
            long[] t = live.get(m);
            long own = t[1]
                    + ENDED_CPU.get(m).sum()
                    + CARRIER_SHARE.movedTo(m)
                    - (m.runsOnVirtualThreads() ? CARRIER_SHARE.movedTotal() : 0);
            // A thread crediting itself while we sample can make one reading a little high: never go backwards.
            long total = Math.max(REPORTED.get(m), own);
            REPORTED.put(m, total);
            out.put(m, new Usage((int) t[0], total));
        }
        return out;
    }

    private static Iterable<IoModel> owners(String threadName, String carrierPrefix) {
        if (carrierPrefix != null && threadName.startsWith(carrierPrefix)) {
            return Arrays.stream(IoModel.values())
                    .filter(IoModel::runsOnVirtualThreads)
                    .toList();
        }
        if (!threadName.startsWith("echo-")) {
            return List.of();
        }
        for (IoModel m : IoModel.values()) {
            if (threadName.startsWith(m.threadPrefix())) {
                return List.of(m);
            }
        }
        return List.of();
    }

    /**
     * Carrier CPU time moved from the virtual-thread models to the models whose coroutines borrowed the carriers,
     * one sample at a time: each gets what its coroutines reported, but never more, in all, than the carriers
     * used since the last sample. A coroutine reports its carrier's CPU time, or wall time where the carrier
     * cannot be told, which exceeds the CPU time when the OS takes the carrier away: the cap keeps that from
     * draining the carriers' figure.
     * Called under {@link #sample()}'s lock.
     */
    private static final class CarrierShare {

        private final Map<IoModel, Long> reportedSeen = new EnumMap<>(IoModel.class);
        private final Map<IoModel, Long> moved = new EnumMap<>(IoModel.class);
        private long carriersSeen;
        private long movedTotal;

        void update(long carriersNow) {
            long carriersGrew = Math.max(0, carriersNow - carriersSeen);
            carriersSeen = Math.max(carriersSeen, carriersNow);
            Map<IoModel, Long> grew = new EnumMap<>(IoModel.class);
            long grewTotal = 0;
            for (Map.Entry<IoModel, LongAdder> e : BORROWED_CARRIER_TIME.entrySet()) {
                long now = e.getValue().sum();
                long g = now - reportedSeen.getOrDefault(e.getKey(), 0L);
                reportedSeen.put(e.getKey(), now);
                if (g > 0) {
                    grew.put(e.getKey(), g);
                    grewTotal += g;
                }
            }
            double scale = grewTotal <= carriersGrew ? 1 : (double) carriersGrew / grewTotal;
            for (Map.Entry<IoModel, Long> e : grew.entrySet()) {
                long share = (long) (e.getValue() * scale);
                moved.merge(e.getKey(), share, Long::sum);
                movedTotal += share;
            }
        }

        long movedTo(IoModel model) {
            return moved.getOrDefault(model, 0L);
        }

        long movedTotal() {
            return movedTotal;
        }
    }

    /** Finds the name prefix of the virtual-thread scheduler's carrier threads. */
    static final class CarrierThreads {

        private static volatile String prefix;

        private CarrierThreads() {}

        /**
         * There is no API that names the carriers, but a mounted virtual thread's {@code toString()} ends with
         * {@code @<carrier name>}, e.g. {@code VirtualThread[#40]/runnable@ForkJoinPool-1-worker-1}.
         * Returns null until a model that runs on virtual threads exists.
         */
        static String namePrefix() {
            if (prefix == null && Arrays.stream(IoModel.values()).anyMatch(IoModel::runsOnVirtualThreads)) {
                String[] seen = new String[1];
                try {
                    Thread.ofVirtual()
                            .start(() -> seen[0] = Thread.currentThread().toString())
                            .join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                String carrier = seen[0].substring(seen[0].lastIndexOf('@') + 1);
                prefix = carrier.substring(0, carrier.lastIndexOf('-') + 1);
            }
            return prefix;
        }
    }
}
