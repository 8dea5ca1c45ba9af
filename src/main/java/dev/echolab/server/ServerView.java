package dev.echolab.server;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** One echo server as {@code GET /api/servers} shows it: state, address and live counters. */
@Schema(description = "One echo server: its state, where it listens, and its counters since the app started")
record ServerView(
        @Schema(example = "thread-pool") String model,

        @Schema(
                description = "RUNNING: listening. STOPPED: not listening (by choice, or after a start that could not "
                        + "bind). FAILED: meant to run at boot but could not bind; see lastError. UNAVAILABLE: this machine "
                        + "cannot run the model (e.g. io_uring blocked by a seccomp profile); lastError says why.")
        EchoServers.State state,

        @Schema(example = "127.0.0.1") String bindAddress,

        @Schema(description = "The port it listens on; null when not listening", example = "7003", nullable = true)
        Integer port,

        @Schema(description = "When it started listening; null when not listening", nullable = true)
        Instant startedAt,

        ServerConnections connections,
        ServerTraffic bytes,

        @Schema(
                description = "Connection errors by kind (reset, idle-timeout, io)",
                example = "{\"reset\": 0, \"idle-timeout\": 0, \"io\": 0}")
        Map<String, Long> errors,

        @Schema(
                description = "Threads the model holds now: its platform threads (named echo-<id>-...) plus its "
                        + "virtual threads",
                example = "33")
        int threads,

        @Schema(
                description = "CPU time of the model's own threads since the app started; for models on virtual "
                        + "threads, the CPU time of the JDK's carrier threads, less the time greenlet's coroutines ran on "
                        + "them (greenlet: its hub thread's plus that time)",
                example = "0.42")
        double cpuSeconds,

        ServerLoop loop,

        @Schema(
                description =
                        "Why the last start failed, or why the model is UNAVAILABLE; null once a start " + "succeeds",
                nullable = true,
                example = "Address already in use")
        String lastError,

        @Schema(
                description = "Models on Netty only: the transport it runs on here (epoll, io_uring or nio); null for "
                        + "the others",
                nullable = true,
                example = "epoll")
        String transport) {

    @Schema(description = "Connections since the app started; the counters survive restarts of the server")
    record ServerConnections(
            @Schema(description = "Open now", example = "2") long active,

            @Schema(description = "Accepted in all", example = "57")
            long accepted,

            @Schema(
                    description = "Refused, by reason (over-limit; accept-error; no-thread: the model could not "
                            + "start a thread for the client, e.g. the host is out of tasks)",
                    example = "{\"over-limit\": 0, \"accept-error\": 0, \"no-thread\": 0}")
            Map<String, Long> rejected) {}

    @Schema(description = "Bytes read from clients and written back")
    record ServerTraffic(
            @Schema(example = "4096") long received,
            @Schema(example = "4096") long sent) {}

    @Schema(description = "Polling models only: passes of the event loop, and those that found nothing to do")
    record ServerLoop(
            @Schema(example = "0") long iterations,
            @Schema(example = "0") long idle) {}

    static ServerView of(EchoServers.ServerStatus status, ModelUsage.Usage usage) {
        EchoStats.Snapshot stats = status.stats();
        boolean listening = status.state() == EchoServers.State.RUNNING;
        return new ServerView(
                status.model().id(),
                status.state(),
                status.bindAddress(),
                listening ? status.port() : null,
                status.startedAt(),
                new ServerConnections(stats.active(), stats.accepted(), stats.rejected()),
                new ServerTraffic(stats.bytesReceived(), stats.bytesSent()),
                stats.errors(),
                usage.threads(),
                usage.cpuNanos() / 1e9,
                new ServerLoop(stats.loopIterations(), stats.loopIdle()),
                status.lastError(),
                status.transport());
    }
}
