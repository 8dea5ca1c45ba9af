package dev.echolab.server;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One IO model as {@code GET /api/models} shows it. Its examples in the OpenAPI document are rendered from
 * {@link IoModel} ({@link ModelsApiExamples}), not written here.
 */
@Schema(description = "One IO model: what it is, its traits, how it uses threads, where it blocks")
record ModelView(
        @Schema(description = "The id used everywhere: path segment, config key, metric tag")
        String id,

        String title,

        @Schema(description = "How it serves clients") String howItWorks,

        @Schema(description = "The threads it uses") String threads,

        @Schema(description = "Where its threads block or wait")
        String blocksOn,

        @Schema(description = "The port it listens on when started without one (echo.servers.<id>.port)")
        int port,

        @Schema(description = "The port it listens on by default, when no echo.servers.<id>.port is set")
        int defaultPort,

        @Schema(description = "How many clients it serves at once: one, as many as its pool has threads, or all")
        IoModel.ClientsAtOnce clientsAtOnce,

        @Schema(description = "What serves a client: a thread per client, an event loop, or completion handlers")
        IoModel.Serving serving,

        @Schema(
                description = "Which threads run the reads and writes: its own platform threads, virtual threads (CPU "
                        + "time is then the carriers'), or coroutines switched in by its hub")
        IoModel.IoThreads ioThreads,

        @Schema(description = "Whose code moves the bytes: the JDK's channels, Netty, or Netty on io_uring")
        IoModel.Transport transport,

        @Schema(description = "Whether a native transport must load for it to run at all (else it is UNAVAILABLE)")
        boolean needsNativeTransport,

        @Schema(
                description = "Whether its connections run on virtual threads (CPU time is then its carriers'); "
                        + "ioThreads says the same")
        boolean virtualThreads,

        @Schema(description = "Which idea of the note on Python socket IO models it shows (docs/the-note.md)")
        String noteIdea) {

    static ModelView of(IoModel model, int port) {
        return new ModelView(
                model.id(),
                model.title(),
                model.howItWorks(),
                model.threads(),
                model.blocksOn(),
                port,
                model.defaultPort(),
                model.clientsAtOnce(),
                model.serving(),
                model.ioThreads(),
                model.transport(),
                model.transport().needsNative(),
                model.runsOnVirtualThreads(),
                model.noteIdea());
    }
}
