package dev.echolab.server;

import io.swagger.v3.oas.annotations.media.Schema;

/** One IO model as {@code GET /api/models} shows it. */
@Schema(description = "One IO model: what it is, how it uses threads, where it blocks")
record ModelView(
        @Schema(description = "The id used everywhere: path segment, config key, metric tag", example = "thread-pool")
        String id,

        @Schema(example = "Bounded thread pool") String title,

        @Schema(
                description = "How it serves clients",
                example = "An accept thread queues every client for a fixed "
                        + "pool of threads; a thread serves one client until it leaves.")
        String howItWorks,

        @Schema(description = "The threads it uses", example = "1 accept thread + a fixed pool (echo-thread-pool-N)")
        String threads,

        @Schema(
                description = "Where its threads block or wait",
                example = "accept() on the accept thread; read() and write() on a pool thread")
        String blocksOn,

        @Schema(
                description = "The port it listens on when started without one (echo.servers.<id>.port)",
                example = "7003")
        int port,

        @Schema(
                description = "Whether its connections run on virtual threads (CPU time is then its carriers')",
                example = "false")
        boolean virtualThreads,

        @Schema(
                description = "Which idea of the note on Python socket IO models it shows (docs/the-note.md)",
                example = "Not in the note: what a bounded pool does once connections outnumber threads")
        String noteIdea) {

    static ModelView of(IoModel model, int port) {
        return new ModelView(
                model.id(),
                model.title(),
                model.howItWorks(),
                model.threads(),
                model.blocksOn(),
                port,
                model.runsOnVirtualThreads(),
                model.noteIdea());
    }
}
