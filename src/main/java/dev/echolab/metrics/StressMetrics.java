package dev.echolab.metrics;

import dev.echolab.server.IoModel;
import dev.echolab.stress.ClientError;
import dev.echolab.stress.StressObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.HistogramIterationValue;
import org.springframework.stereotype.Component;

/**
 * The load generator's side of the story, tagged {@code model} with the model under load: round-trip latency,
 * messages echoed, errors by {@code kind}, open connections. Every model's meters exist from the start (at zero),
 * so dashboards have a series to show before the first run.
 *
 * <p>Fed once per progress tick (about four times a second) from the engine's merged latency histogram, never
 * from the load-generator threads: those stay free of metrics work.
 */
@Component
public class StressMetrics implements MeterBinder, StressObserver {

    private final Map<String, Meters> byModel = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    private record Meters(Timer latency, Counter messages, Map<ClientError, Counter> errors, AtomicInteger active) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (IoModel model : IoModel.values()) {
            meters(model.id());
        }
    }

    @Override
    public void onTick(Tick tick) {
        if (registry == null) {
            return;
        }
        Meters meters = meters(tick.model());
        for (HistogramIterationValue v : tick.latencyNanos().recordedValues()) {
            long nanos = v.getValueIteratedTo();
            for (long i = v.getCountAddedInThisIterationStep(); i > 0; i--) {
                meters.latency().record(nanos, TimeUnit.NANOSECONDS);
            }
        }
        meters.messages().increment(tick.messages());
        tick.errors().forEach((kind, count) -> meters.errors().get(kind).increment(count));
        meters.active().set(tick.activeConnections());
    }

    private Meters meters(String model) {
        return byModel.computeIfAbsent(model, m -> {
            Timer latency = Timer.builder("echo.stress.latency")
                    .description("Round-trip time of one message as the load generator saw it, from its "
                            + "intended send time")
                    .tag("model", m)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
            Counter messages = Counter.builder("echo.stress.messages")
                    .description("Messages the load generator sent and got back intact (measured, after warm-up)")
                    .baseUnit("messages")
                    .tag("model", m)
                    .register(registry);
            Map<ClientError, Counter> errors = new EnumMap<>(ClientError.class);
            for (ClientError kind : ClientError.values()) {
                errors.put(kind, Counter.builder("echo.stress.errors")
                        .description("Load-generator connections that ended in an error, by kind")
                        .tags("model", m, "kind", kind.tag())
                        .register(registry));
            }
            AtomicInteger active = new AtomicInteger();
            Gauge.builder("echo.stress.connections.active", active, AtomicInteger::get)
                    .description("Load-generator connections open now")
                    .tag("model", m)
                    .register(registry);
            return new Meters(latency, messages, errors, active);
        });
    }
}
