package dev.echolab.server;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Everything one server needs to know before it starts.
 *
 * @param bindAddress      address to listen on
 * @param port             port to listen on, 0 for an ephemeral one
 * @param maxConnections   connections served at once; the excess is accepted and closed at once, and counted
 * @param idleTimeout      a connection that makes no progress this long is closed ({@link IdleTimeout#NEVER}: never)
 * @param shutdownGrace    how long {@code stop()} lets connections drain before closing them
 * @param bufferBytes      the most a connection may hold unsent; reading from it stops until that drains
 * @param threads          the model's own knob: pool size, reactor count, worker count (ignored by others)
 * @param spin             {@code non-blocking} only: poll without backing off when a pass found nothing
 */
public record ServerSettings(
        InetAddress bindAddress,
        int port,
        int maxConnections,
        IdleTimeout idleTimeout,
        Duration shutdownGrace,
        int bufferBytes,
        int threads,
        boolean spin) {

    /** Settings for tests and tools: loopback, ephemeral port, generous limits. */
    public static ServerSettings loopback() {
        return new ServerSettings(
                InetAddress.getLoopbackAddress(),
                0,
                10_000,
                IdleTimeout.of(Duration.ofMinutes(1)),
                Duration.ofMillis(500),
                64 * 1024,
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                false);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(
                bindAddress, newPort, maxConnections, idleTimeout, shutdownGrace, bufferBytes, threads, spin);
    }

    public ServerSettings withMaxConnections(int max) {
        return new ServerSettings(bindAddress, port, max, idleTimeout, shutdownGrace, bufferBytes, threads, spin);
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(
                bindAddress, port, maxConnections, IdleTimeout.of(timeout), shutdownGrace, bufferBytes, threads, spin);
    }

    public ServerSettings withShutdownGrace(Duration grace) {
        return new ServerSettings(bindAddress, port, maxConnections, idleTimeout, grace, bufferBytes, threads, spin);
    }

    public ServerSettings withThreads(int count) {
        return new ServerSettings(
                bindAddress, port, maxConnections, idleTimeout, shutdownGrace, bufferBytes, count, spin);
    }

    public ServerSettings withBufferBytes(int bytes) {
        return new ServerSettings(bindAddress, port, maxConnections, idleTimeout, shutdownGrace, bytes, threads, spin);
    }

    public ServerSettings withSpin(boolean on) {
        return new ServerSettings(
                bindAddress, port, maxConnections, idleTimeout, shutdownGrace, bufferBytes, threads, on);
    }
}
