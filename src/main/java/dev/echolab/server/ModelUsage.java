package dev.echolab.server;

import dev.echolab.server.ModelThreads.Usage;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Threads and CPU time of every model, from one {@link ModelThreads#sample()} reused for {@code maxAge}: a scrape
 * reads two meters per model and {@code GET /api/servers} one per model, and each would otherwise walk every
 * thread of the JVM again (16,000 of them at c10k on {@code thread-per-connection}). Thread-safe.
 */
public final class ModelUsage {

    private static final ModelUsage SHARED =
            new ModelUsage(ModelThreads::sample, Duration.ofSeconds(1), System::nanoTime);

    private final Supplier<Map<IoModel, Usage>> sampler;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Map<IoModel, Usage> last;
    private long sampledAt;

    ModelUsage(Supplier<Map<IoModel, Usage>> sampler, Duration maxAge, LongSupplier nanoTime) {
        this.sampler = sampler;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The one the metrics and the API share: it samples at most once a second, well under any scrape interval, so
     * every scrape sees fresh figures, and a burst of API calls costs one walk over the threads.
     */
    public static ModelUsage everySecond() {
        return SHARED;
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
}
