package dev.echolab.server;

import java.io.IOException;

/**
 * {@code blocking}: the note's first server (docs/the-note.md). One thread calls {@code accept()}, then reads and
 * echoes that one client until it leaves, and only then accepts the next; everyone else waits in the kernel's backlog.
 *
 * <p>Threads: {@code echo-blocking-loop}, one platform thread for everything, plus the idle sweeper
 * ({@code echo-blocking-idle-1}). The loop blocks in {@code accept()}, then in {@code read()}/{@code write()} of
 * the client it serves. At most one connection is served at a time, so {@code maxConnections} can never be
 * reached; the idle timeout is what frees the server from a silent client.
 */
final class BlockingEchoServer extends ServerSkeleton {

    BlockingEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.BLOCKING, settings, stats);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        // The connection runs on the accepting thread itself: that is the whole lesson of this model.
        return BlockingListener.open(context, "loop", Runnable::run);
    }
}
