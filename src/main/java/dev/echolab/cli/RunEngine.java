package dev.echolab.cli;

import dev.echolab.server.EchoProperties;
import dev.echolab.server.EchoServers;
import dev.echolab.server.EchoServersConfig;
import dev.echolab.server.IoModel;
import dev.echolab.stress.MemoryArchive;
import dev.echolab.stress.StressMetrics;
import dev.echolab.stress.StressObserver;
import dev.echolab.stress.StressProperties;
import dev.echolab.stress.StressRuns;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.info.GitProperties;

/**
 * What a headless run uses of the service, wired by hand instead of by a Spring context (which took seconds to
 * start): the echo servers' registry for {@code --model}, the stress engine with nothing stored (finished runs stay
 * in memory), and, for {@code --metrics-port}, the load generator's meters and the standard JVM ones on a Prometheus
 * registry, as the service's Actuator shows them. No virtual-thread meters: the load generator runs none, and their
 * JFR recording is not worth starting for that.
 */
final class RunEngine implements AutoCloseable {

    private final EchoServers servers;
    private final StressRuns runs;
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Set<IoModel> started = EnumSet.noneOf(IoModel.class);

    /**
     * @param metrics whether to keep meters (for {@code --metrics-port})
     */
    RunEngine(EchoProperties properties, StressProperties limits, boolean metrics, BuildInfo build) {
        this.servers = EchoServersConfig.servers(properties);
        List<StressObserver> observers = List.of();
        if (metrics) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            StressMetrics stress =
                    new StressMetrics(provider(PrometheusRegistry.class, registry.getPrometheusRegistry()));
            stress.bindTo(registry);
            observers = List.of(stress);
            JvmGcMetrics gc = new JvmGcMetrics();
            closeables.add(gc);
            for (MeterBinder binder : List.of(
                    new JvmMemoryMetrics(),
                    gc,
                    new JvmThreadMetrics(),
                    new ClassLoaderMetrics(),
                    new JvmInfoMetrics(),
                    new ProcessorMetrics(),
                    new UptimeMetrics(),
                    new FileDescriptorMetrics())) {
                binder.bindTo(registry);
            }
        } else {
            registry = null;
        }
        this.runs = new StressRuns(limits, observers, new MemoryArchive(), provider(GitProperties.class, build.git()));
    }

    EchoServers servers() {
        return servers;
    }

    StressRuns runs() {
        return runs;
    }

    /** The meters, for {@code /actuator/prometheus}; null without {@code --metrics-port}. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Starts a model's server on an ephemeral port; {@link #close} stops it. */
    void start(IoModel model) throws EchoServers.StartFailedException {
        servers.start(model, 0);
        started.add(model);
    }

    /** Cancels a run still going, stops the servers it started, closes the meters. */
    @Override
    public void close() {
        runs.stop();
        started.forEach(servers::stop);
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a meter that cannot let go of its listener costs nothing at exit
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** What a Spring bean of this type would be: the value, or nothing when it is null. */
    private static <T> org.springframework.beans.factory.ObjectProvider<T> provider(Class<T> type, T value) {
        return new StaticListableBeanFactory(value == null ? Map.of() : Map.of(type.getName(), value))
                .getBeanProvider(type);
    }
}
