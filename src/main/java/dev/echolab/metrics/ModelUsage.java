package dev.echolab.metrics;

import dev.echolab.server.IoModel;
import dev.echolab.server.ModelThreads;
import dev.echolab.server.ModelThreads.Usage;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Threads and CPU time of every model, from one {@link ModelThreads#sample()} reused for {@code maxAge}: a scrape
 * reads two meters per model, and each would otherwise walk every thread of the JVM again. Thread-safe.
 */
final class ModelUsage {

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

    /** Samples at most once a second: well under any scrape interval, so every scrape sees fresh figures. */
    static ModelUsage everySecond() {
        return new ModelUsage(ModelThreads::sample, Duration.ofSeconds(1), System::nanoTime);
    }

    synchronized Usage of(IoModel model) {
        long now = nanoTime.getAsLong();
        if (last == null || now - sampledAt >= maxAgeNanos) {
            last = sampler.get();
            sampledAt = now;
        }
        return last.get(model);
    }
}
