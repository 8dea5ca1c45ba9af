package dev.echolab.stress;

import dev.echolab.server.IoModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The load generator's side of the story, tagged {@code target} ({@code local} for this process's own servers,
 * else the {@code host:port} loaded) and {@code model}: round-trip latency, messages echoed, errors by
 * {@code kind}, open connections. Every local model's meters exist from the start (at zero), so dashboards have a
 * series to show before the first run.
 *
 * <p>Fed once per progress tick (about four times a second) from the engine's merged latency histogram, never
 * from the load-generator threads. The latency is kept in an HdrHistogram and turned into Prometheus buckets only
 * when scraped ({@code echo_stress_latency_seconds}): a scrape costs a pass over a few buckets, whatever the
 * message rate, instead of replaying every latency into a Micrometer {@code Timer}.
 */
@Component
public class StressMetrics implements MeterBinder, StressObserver, MultiCollector {

    /** Bucket bounds in seconds, 1-2-5 from 10 µs to 10 s: what a dashboard's quantiles interpolate between. */
    private static final double[] BOUNDS = {
        1e-5,
        2e-5,
        5e-5,
        1e-4,
        2e-4,
        5e-4,
        1e-3,
        2e-3,
        5e-3,
        1e-2,
        2e-2,
        5e-2,
        0.1,
        0.2,
        0.5,
        1,
        2,
        5,
        10,
        Double.POSITIVE_INFINITY
    };

    /** The longest latency kept, as in the engine's own histograms: an hour. */
    private static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final Map<List<String>, Meters> bySeries = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** The meters of one (target, model); {@code latency} is guarded by itself. */
    private record Meters(
            Histogram latency, Counter messages, Map<ClientError, Counter> errors, AtomicInteger active) {}

    public StressMetrics(ObjectProvider<PrometheusRegistry> prometheus) {
        prometheus.ifAvailable(p -> p.register(this));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (IoModel model : IoModel.values()) {
            meters("local", model.id());
        }
    }

    @Override
    public void onTick(Tick tick) {
        if (registry == null) {
            return;
        }
        Meters meters = meters(tick.target(), tick.model());
        synchronized (meters.latency()) {
            meters.latency().add(tick.latencyNanos()); // O(buckets), whatever the messages behind them
        }
        meters.messages().increment(tick.messages());
        tick.errors().forEach((kind, count) -> meters.errors().get(kind).increment(count));
        meters.active().set(tick.activeConnections());
    }

    /** Called at scrape time: one histogram point per (target, model), from its HdrHistogram. */
    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder()
                .name("echo_stress_latency_seconds")
                .help("Round-trip time of one message as the load generator saw it (open loop: from its intended "
                        + "send time)");
        bySeries.forEach((series, meters) -> {
            long[] counts = new long[BOUNDS.length];
            double sum;
            synchronized (meters.latency()) {
                Histogram h = meters.latency();
                long below = 0;
                for (int i = 0; i < BOUNDS.length - 1; i++) {
                    long upTo = h.getCountBetweenValues(0, (long) (BOUNDS[i] * 1e9));
                    counts[i] = upTo - below;
                    below = upTo;
                }
                counts[BOUNDS.length - 1] = h.getTotalCount() - below;
                sum = h.getMean() * h.getTotalCount() / 1e9;
            }
            latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts))
                    .sum(sum)
                    .labels(Labels.of("model", series.get(1), "target", series.get(0)))
                    .build());
        });
        return MetricSnapshots.of(latency.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("echo_stress_latency_seconds");
    }

    private Meters meters(String target, String model) {
        return bySeries.computeIfAbsent(List.of(target, model), series -> {
            Counter messages = Counter.builder("echo.stress.messages")
                    .description("Messages the load generator sent and got back intact (measured, after warm-up)")
                    .baseUnit("messages")
                    .tags("target", target, "model", model)
                    .register(registry);
            Map<ClientError, Counter> errors = new EnumMap<>(ClientError.class);
            for (ClientError kind : ClientError.values()) {
                errors.put(
                        kind,
                        Counter.builder("echo.stress.errors")
                                .description("Load-generator connections that ended in an error, by kind")
                                .tags("target", target, "model", model, "kind", kind.tag())
                                .register(registry));
            }
            AtomicInteger active = new AtomicInteger();
            Gauge.builder("echo.stress.connections.active", active, AtomicInteger::get)
                    .description("Load-generator connections open now")
                    .tags("target", target, "model", model)
                    .register(registry);
            // two significant digits are plenty for 1-2-5 buckets, and keep a series to about 35 KiB
            return new Meters(new Histogram(1, HIGHEST_NANOS, 2), messages, errors, active);
        });
    }
}
