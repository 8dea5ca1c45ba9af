package dev.echolab.server;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Threads and CPU time of every model of one {@link EchoServers}, from one sample of its thread registry reused for
 * {@code maxAge}: a scrape reads two meters per model and {@code GET /api/servers} one per model, and each would
 * otherwise read every thread of the models again (10,000 of them at c10k on {@code thread-per-connection}).
 * Thread-safe.
 */
public final class ModelUsage {

    private final Supplier<Map<IoModel, Usage>> sampler;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Map<IoModel, Usage> last;
    private long sampledAt;

    /**
     * What a model's threads hold and have spent, at one moment.
     *
     * @param platformThreads its platform threads that run now
     * @param virtualThreads  its virtual threads that run now
     * @param cpuNanos        CPU time of its threads so far (see {@link ModelThreads} for virtual threads)
     */
    public record Usage(int platformThreads, int virtualThreads, long cpuNanos) {

        /** Every thread it holds now, platform and virtual. */
        public int threads() {
            return platformThreads + virtualThreads;
        }
    }

    /**
     * The usage the metrics and the API share: it samples at most once a second, well under any scrape interval,
     * so every scrape sees fresh figures, and a burst of API calls costs one walk over the threads.
     */
    static ModelUsage everySecond(ModelThreads threads) {
        return new ModelUsage(threads::sample, Duration.ofSeconds(1), System::nanoTime);
    }

    ModelUsage(Supplier<Map<IoModel, Usage>> sampler, Duration maxAge, LongSupplier nanoTime) {
        this.sampler = sampler;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The next read samples afresh: a server just started or stopped has changed what there is to see. */
    synchronized void forget() {
        last = null;
    }

    public Usage of(IoModel model) {
        return all().get(model);
    }

    /** Every model's usage, from a sample at most {@code maxAge} old. */
    public synchronized Map<IoModel, Usage> all() {
        long now = nanoTime.getAsLong();
        if (last == null || now - sampledAt >= maxAgeNanos) {
            last = sampler.get();
            sampledAt = now;
        }
        return last;
    }

    /**
     * A model's usage sampled now, for a measurement that needs its figure at an exact moment (a stress run's window);
     * it also refreshes what {@link #all()} answers.
     */
    public synchronized Usage now(IoModel model) {
        last = sampler.get();
        sampledAt = nanoTime.getAsLong();
        return last.get(model);
    }
}
