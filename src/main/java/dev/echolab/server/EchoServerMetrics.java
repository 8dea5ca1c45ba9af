package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The server-side meters of every {@link IoModel}, tagged {@code model}: gauges and function counters that read
 * each model's {@link EchoStats} and {@link ModelUsage} when scraped, so nothing here runs on the echo hot path.
 *
 * <p>Base units are set where Prometheus keeps the name of the metrics table of docs/monitoring.md ({@code bytes}, {@code seconds},
 * and a unit that is already the name's last word: {@code threads}, {@code errors}, {@code iterations}). The Prometheus
 * registry appends any other unit to the name ({@code echo_server_connections_active_connections}), so the connection
 * meters and {@code running} have none. The loop meters exist for every model; they stay 0 for models that have no
 * polling or selecting loop, so a dashboard can list every model the same way.
 */
@Component
class EchoServerMetrics implements MeterBinder {

    private final EchoServers servers;
    private final ModelUsage usage;

    EchoServerMetrics(EchoServers servers) {
        this.servers = servers;
        this.usage = servers.usage();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (IoModel model : servers.models()) {
            bind(registry, model, servers.stats(model));
        }
    }

    private void bind(MeterRegistry registry, IoModel model, EchoStats stats) {
        Tags tags = Tags.of("model", model.id());
        Gauge.builder("echo.server.running", () -> servers.running(model) != null ? 1 : 0)
                .description("1 while the model's echo server is listening, 0 when stopped or failed")
                .tags(tags)
                .register(registry);
        Gauge.builder("echo.server.connections.active", stats, EchoStats::active)
                .description("Connections the model's server holds open now")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder("echo.server.connections.accepted", stats, EchoStats::accepted)
                .description("Connections the model's server accepted and served")
                .tags(tags)
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("echo.server.connections.rejected", stats, s -> s.rejected(reason))
                    .description("Connections refused: over the connection limit, or accept() failed")
                    .tags(tags)
                    .tag("reason", reason.tag())
                    .register(registry);
        }
        FunctionCounter.builder("echo.server.received", stats, EchoStats::bytesReceived)
                .description("Bytes the model's server read from its clients")
                .baseUnit(BaseUnits.BYTES)
                .tags(tags)
                .register(registry);
        FunctionCounter.builder("echo.server.sent", stats, EchoStats::bytesSent)
                .description("Bytes the model's server wrote back to its clients")
                .baseUnit(BaseUnits.BYTES)
                .tags(tags)
                .register(registry);
        for (ErrorKind kind : ErrorKind.values()) {
            FunctionCounter.builder("echo.server.errors", stats, s -> s.errors(kind))
                    .description("Connections that ended in an error: reset by the peer, idle timeout, other IO")
                    .baseUnit("errors")
                    .tags(tags)
                    .tag("kind", kind.tag())
                    .register(registry);
        }
        Gauge.builder("echo.server.threads", () -> usage.of(model).threads())
                .description("Threads the model holds now: its named platform threads plus its virtual threads")
                .baseUnit(BaseUnits.THREADS)
                .tags(tags)
                .register(registry);
        FunctionCounter.builder("echo.server.cpu", usage, u -> u.of(model).cpuNanos() / 1e9)
                .description("CPU time of the model's own threads (virtual-thread models: the carrier threads', "
                        + "less greenlet's coroutines; greenlet: its hub's plus its coroutines' running time)")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder("echo.server.loop.iterations", stats, EchoStats::loopIterations)
                .description("Passes of the model's polling or selecting loop (0 for models without one)")
                .baseUnit("iterations")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder("echo.server.loop.idle", stats, EchoStats::loopIdle)
                .description("Loop passes that found nothing to do: empty polls or selects (0 without a loop)")
                .tags(tags)
                .register(registry);
    }
}
