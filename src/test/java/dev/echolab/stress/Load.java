package dev.echolab.stress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    static ModelResult run(StressRequest request, Target target) {
        return run(request, target, new RunControl());
    }

    static ModelResult run(StressRequest request, Target target, RunControl control) {
        return new LoadGenerator(
                        request,
                        target,
                        control,
                        (live, tick) -> {},
                        42,
                        TimeUnit.MINUTES.toNanos(1),
                        LoadGenerator.threads(request, 2))
                .run(0, 1);
    }

    static Target loopback(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return Target.free(address.getHostString() + ":" + port, address);
    }
}
