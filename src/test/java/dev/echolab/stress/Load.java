package dev.echolab.stress;

import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Short profiles and a direct way into the engine for the stress tests, without the HTTP API. */
final class Load {

    private Load() {}

    /** Closed loop, no warm-up: {@code connections} ping-pong for {@code seconds}. */
    static StressRequest closedLoop(int connections, double seconds, int responseTimeoutMs) {
        return new StressRequest(
                List.of("under-test"),
                null,
                connections,
                64,
                seconds,
                null,
                0.0,
                1,
                null,
                0.0,
                2_000,
                responseTimeoutMs);
    }

    /** Open loop, no warm-up, at {@code ratePerSecond} across {@code connections}. */
    static StressRequest openLoop(int connections, int ratePerSecond, double seconds) {
        return new StressRequest(
                List.of("under-test"),
                null,
                connections,
                64,
                seconds,
                null,
                0.0,
                null,
                ratePerSecond,
                0.0,
                2_000,
                2_000);
    }

    static ModelResult run(StressRequest request, ResolvedTarget target) {
        return run(request, target, new RunControl());
    }

    static ModelResult run(StressRequest request, ResolvedTarget target, RunControl control) {
        return run(request, target, control, LoadGenerator.Seams.NONE);
    }

    static ModelResult run(StressRequest request, ResolvedTarget target, LoadGenerator.Seams seams) {
        return run(request, target, new RunControl(), seams);
    }

    private static ModelResult run(
            StressRequest request, ResolvedTarget target, RunControl control, LoadGenerator.Seams seams) {
        return new LoadGenerator(
                        request,
                        target,
                        control,
                        (live, tick) -> {},
                        42,
                        TimeUnit.MINUTES.toNanos(1),
                        LoadGenerator.threads(request, 2),
                        seams)
                .run(0, 1);
    }

    /**
     * A machine whose CPUs are {@code busyPercent} busy, whatever else runs on the real one: a test that depends on
     * whether the machine was saturated does not depend on its neighbours.
     */
    static LoadGenerator.Seams machine(int busyPercent) {
        return new LoadGenerator.Seams(
                () -> {
                    AtomicLong ticks = new AtomicLong();
                    return new MachineLoad(() -> {
                        long t = ticks.incrementAndGet();
                        return new long[] {t * busyPercent, t * 100};
                    });
                },
                () -> {});
    }

    /** A quiet machine (10% busy) and a load generator that sleeps {@code pause} at the start of every pass. */
    static LoadGenerator.Seams slowGenerator(LongSupplier pauseMillis) {
        return new LoadGenerator.Seams(machine(10).machine(), () -> {
            try {
                Thread.sleep(pauseMillis.getAsLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Starts a model on a free loopback port of {@code servers} and targets it as the app loads its own models: its
     * threads' cost seen.
     */
    static ResolvedTarget local(EchoServers servers, IoModel model) throws Exception {
        int port = servers.start(model, 0).port();
        return ResolvedTarget.of(
                model, () -> new InetSocketAddress(InetAddress.getLoopbackAddress(), port), servers.usage());
    }

    static ResolvedTarget loopback(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return ResolvedTarget.free(address.getHostString() + ":" + port, address);
    }
}
