package dev.echolab.server;

import dev.echolab.server.ModelUsage.Usage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The thread registry of one set of servers ({@link EchoServers} owns one; a server made on its own gets its own):
 * it makes every thread a model owns, names it ({@code echo-<id>-<role>-N}), counts it while it runs, and
 * attributes CPU time to the models by the threads it made, not by their names, so that two registries in one JVM
 * (two Spring contexts, a test beside an app) never count each other's threads.
 *
 * <p>CPU time of a model = CPU of its platform threads that run now + CPU of those that have ended (each records its
 * own as it ends). Virtual threads have no CPU time of their own: their work runs on the JDK scheduler's carrier
 * threads, so the carriers' time since this registry was made is credited to the model whose IO runs on
 * {@linkplain IoModel.IoThreads#VIRTUAL virtual threads} (the first such model, should there be more: a carrier
 * cannot tell whose virtual thread it ran). That is only honest while nothing else in the process uses virtual
 * threads, which is why the app keeps them off everywhere else; the carriers are the JVM's, so two registries in one
 * JVM would both count them.
 *
 * <p>A model whose IO runs on {@linkplain IoModel.IoThreads#COROUTINES coroutines} borrows carriers one piece at a
 * time: it reports the carrier time its coroutines ran ({@link #carrierTimeSpentBy}), which is credited to it and
 * taken out of the carriers' figure, never more than the carriers actually used ({@link CarrierShare}).
 *
 * <p>Thread-safe. {@link #sample()} and a thread's end take the same lock, so a thread is counted either live or
 * ended, never both.
 *
 * <p>Over 300 lines because a quarter of it is the account of how CPU time is attributed (above and on each
 * method), kept beside the code that does it: one registry, one lock, one way to count. Should it grow, the
 * carriers' share ({@link CarrierShare}, an inner class now) is the seam.
 */
final class ModelThreads {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The model the carriers' CPU time is credited to, if any model's IO runs on virtual threads. */
    private static final IoModel CARRIED = Arrays.stream(IoModel.values())
            .filter(m -> m.ioThreads() == IoModel.IoThreads.VIRTUAL)
            .findFirst()
            .orElse(null);

    /** How every thread is made: tests wrap it to make thread creation fail. */
    private final UnaryOperator<ThreadFactory> making;

    /** Platform threads made here that have not ended, and their model; counted once started. */
    private final Map<Thread, IoModel> live = new ConcurrentHashMap<>();

    private final Map<IoModel, LongAdder> endedCpu = perModel(LongAdder::new);
    private final Map<IoModel, AtomicInteger> virtualThreads = perModel(AtomicInteger::new);
    /** Carrier time that a model's coroutines report having used, as they report it. */
    private final Map<IoModel, LongAdder> borrowedCarrierTime = perModel(LongAdder::new);
    /** The most each model was reported: a thread ending while we sample may make one reading a little high. */
    private final Map<IoModel, Long> reported = new EnumMap<>(IoModel.class);

    private final Carriers carriers = new Carriers();
    private final CarrierShare carrierShare = new CarrierShare();

    ModelThreads() {
        this(UnaryOperator.identity());
    }

    /** @param making wraps every thread factory this registry uses, so that a test can make thread creation fail */
    ModelThreads(UnaryOperator<ThreadFactory> making) {
        this.making = making;
    }

    /**
     * Platform threads named {@code echo-<id>-<role>-N}, or {@code echo-<id>-N} for an empty role (N from 1), counted
     * as the model's while they run.
     */
    ThreadFactory platform(IoModel model, String role) {
        AtomicInteger n = new AtomicInteger();
        String prefix = role.isEmpty() ? model.threadPrefix() : model.threadPrefix() + role + "-";
        return adopt(
                model,
                task -> Thread.ofPlatform().name(prefix + n.incrementAndGet()).unstarted(task));
    }

    /** One platform thread named {@code echo-<id>-<name>}, started, counted as the model's while it runs. */
    Thread start(IoModel model, String name, Runnable task) {
        Thread thread = adopt(
                        model,
                        t -> Thread.ofPlatform()
                                .name(model.threadPrefix() + name)
                                .unstarted(t))
                .newThread(task);
        thread.start();
        return thread;
    }

    /**
     * The threads of {@code factory} (a library's, named by it: Netty's event loops), counted as the model's while
     * they run. Give it names that start with {@code echo-<id>-}.
     */
    ThreadFactory adopt(IoModel model, ThreadFactory factory) {
        ThreadFactory made = making.apply(factory);
        return task -> {
            Thread thread = made.newThread(() -> {
                live.putIfAbsent(Thread.currentThread(), model); // if a sample dropped it before it started
                try {
                    task.run();
                } finally {
                    ended(model, Thread.currentThread());
                }
            });
            // Known from now on, so that it is counted the moment it starts.
            live.put(thread, model);
            return thread;
        };
    }

    /**
     * Virtual threads named {@code echo-<id>-<role>-N}, counted as the model's while they run: the one count of a
     * model's virtual threads ({@link EchoServer#virtualThreads()}, the API's and the metrics' thread figures).
     */
    ThreadFactory virtual(IoModel model, String role) {
        return virtual(model, role, Thread.ofVirtual());
    }

    /** As {@link #virtual(IoModel, String)}, from {@code builder}: virtual threads with a scheduler of their own. */
    ThreadFactory virtual(IoModel model, String role, Thread.Builder.OfVirtual builder) {
        ThreadFactory made =
                making.apply(builder.name(model.threadPrefix() + role + "-", 1).factory());
        AtomicInteger count = virtualThreads.get(model);
        return task -> made.newThread(() -> {
            count.incrementAndGet();
            try {
                task.run();
            } finally {
                count.decrementAndGet();
            }
        });
    }

    /** Virtual threads of the model that run now. */
    int virtualThreads(IoModel model) {
        return virtualThreads.get(model).get();
    }

    /** The model's platform threads that run now. For tests. */
    Set<Thread> platformThreads(IoModel model) {
        return live.entrySet().stream()
                .filter(e -> e.getValue() == model && e.getKey().isAlive())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Where a model that runs code on the JDK's carrier threads, one piece at a time, adds the nanoseconds that
     * code ran: {@link #sample()} credits them to the model and takes them out of the carriers' figure.
     */
    LongAdder carrierTimeSpentBy(IoModel model) {
        return borrowedCarrierTime.get(model);
    }

    private void ended(IoModel model, Thread self) {
        long cpu = MX.getCurrentThreadCpuTime();
        synchronized (this) {
            live.remove(self);
            if (cpu > 0) {
                endedCpu.get(model).add(cpu);
            }
        }
    }

    /**
     * Every model's usage now. Reads the CPU time of every thread this registry made that runs now, and finds the
     * carriers by walking the JVM's threads: callers sample at most a few times a second.
     */
    synchronized Map<IoModel, Usage> sample() {
        Map<IoModel, long[]> own = perModel(() -> new long[2]); // [platform threads, cpu]
        // Not started yet, or never to be (a pool that lost a race with its shutdown): nothing to count. One that
        // starts later puts itself back.
        live.keySet().removeIf(t -> !t.isAlive());
        Thread[] threads = live.keySet().toArray(Thread[]::new);
        long[] ids = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            ids[i] = threads[i].threadId();
        }
        long[] cpu = MX.getThreadCpuTime(ids);
        for (int i = 0; i < threads.length; i++) {
            long[] t = own.get(live.get(threads[i]));
            t[0]++;
            t[1] += Math.max(0, cpu[i]);
        }
        long carriersLeft = carrierShare.update(carriers.cpuSinceCreated());
        Map<IoModel, Usage> out = new EnumMap<>(IoModel.class);
        for (IoModel m : IoModel.values()) {
            long total =
                    own.get(m)[1] + endedCpu.get(m).sum() + carrierShare.movedTo(m) + (m == CARRIED ? carriersLeft : 0);
            total = Math.max(reported.getOrDefault(m, 0L), total);
            reported.put(m, total);
            out.put(m, new Usage((int) own.get(m)[0], virtualThreads(m), total));
        }
        return out;
    }

    private static <V> Map<IoModel, V> perModel(Supplier<V> value) {
        Map<IoModel, V> map = new EnumMap<>(IoModel.class);
        for (IoModel m : IoModel.values()) {
            map.put(m, value.get());
        }
        return map;
    }

    /**
     * The CPU time of the virtual-thread scheduler's carrier threads since this registry was made, carriers that
     * ended meanwhile included (credited with what they had at the last sample). Called under the registry's lock.
     */
    private static final class Carriers {

        private final Map<Long, Long> lastSeen = new HashMap<>();
        private final long before;
        private long ended;

        Carriers() {
            // What the carriers ran before this registry is not its models'. A carrier seen now that ends later is
            // credited with all it had, which `before` already holds: the difference stays what ran since.
            before = walk();
        }

        long cpuSinceCreated() {
            return Math.max(0, walk() + ended - before);
        }

        /** The carriers' CPU now, remembering each one; crediting those gone since the last walk to {@code ended}. */
        private long walk() {
            String prefix = CarrierThreads.namePrefix();
            if (prefix == null) {
                return 0;
            }
            long[] ids = MX.getAllThreadIds();
            ThreadInfo[] infos = MX.getThreadInfo(ids);
            Map<Long, Long> now = new HashMap<>();
            long total = 0;
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] != null && infos[i].getThreadName().startsWith(prefix)) {
                    long cpu = MX.getThreadCpuTime(ids[i]);
                    if (cpu >= 0) {
                        now.put(ids[i], cpu);
                        total += cpu;
                    }
                }
            }
            lastSeen.forEach((id, cpu) -> {
                if (!now.containsKey(id)) {
                    ended += cpu;
                }
            });
            lastSeen.clear();
            lastSeen.putAll(now);
            return total;
        }
    }

    /**
     * Carrier CPU time moved from the virtual-thread models to the models whose coroutines borrowed the carriers,
     * one sample at a time: each gets what its coroutines reported, but never more, in all, than the carriers
     * used since the last sample. A coroutine reports its carrier's CPU time, or wall time where the carrier
     * cannot be told, which exceeds the CPU time when the OS takes the carrier away: the cap keeps that from
     * draining the carriers' figure. Called under the registry's lock.
     */
    private final class CarrierShare {

        private final Map<IoModel, Long> reportedSeen = new EnumMap<>(IoModel.class);
        private final Map<IoModel, Long> moved = new EnumMap<>(IoModel.class);
        private long carriersSeen;
        private long movedTotal;

        /** Takes in the carriers' figure now; returns what is left of it for the virtual-thread models. */
        long update(long carriersNow) {
            long carriersGrew = Math.max(0, carriersNow - carriersSeen);
            carriersSeen = Math.max(carriersSeen, carriersNow);
            Map<IoModel, Long> grew = new EnumMap<>(IoModel.class);
            long grewTotal = 0;
            for (Map.Entry<IoModel, LongAdder> e : borrowedCarrierTime.entrySet()) {
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
            return Math.max(0, carriersSeen - movedTotal);
        }

        long movedTo(IoModel model) {
            return moved.getOrDefault(model, 0L);
        }
    }

    /** Finds the name prefix of the virtual-thread scheduler's carrier threads: a fact of the JVM, found once. */
    static final class CarrierThreads {

        private static volatile String prefix;

        private CarrierThreads() {}

        /**
         * There is no API that names the carriers, but a mounted virtual thread's {@code toString()} ends with
         * {@code @<carrier name>}, e.g. {@code VirtualThread[#40]/runnable@ForkJoinPool-1-worker-1}.
         * Returns null until a model whose IO runs on virtual threads exists.
         */
        static String namePrefix() {
            if (prefix == null && CARRIED != null) {
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
