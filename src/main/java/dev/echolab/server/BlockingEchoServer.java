package dev.echolab.server;

import java.io.IOException;

/**
 * {@code blocking}: the note's first server (docs/the-note.md). One thread calls {@code accept()}, then reads and
 * echoes that one client until it leaves, and only then accepts the next; everyone else waits in the kernel's backlog.
 *
 * <p>Threads: {@code echo-blocking-loop}, one platform thread for everything. It blocks in {@code accept()}, then
 * in {@code read()}/{@code write()} of the client it serves. At most one connection is served at a time, so
 * {@code maxConnections} can never be reached; the idle timeout is what frees the server from a silent client.
 */
final class BlockingEchoServer implements EchoServer {

    private final EchoStats stats;
    private final BlockingListener listener;

    BlockingEchoServer(ServerSettings settings, EchoStats stats) {
        this.stats = stats;
        this.listener = new BlockingListener(IoModel.BLOCKING, settings, stats, "loop",
                BlockingListener.IdleCheck.SO_TIMEOUT);
    }

    @Override
    public IoModel model() {
        return IoModel.BLOCKING;
    }

    @Override
    public void start() throws IOException {
        // The connection runs on the accepting thread itself: that is the whole lesson of this model.
        listener.start(Runnable::run);
    }

    @Override
    public void stop() {
        listener.stop();
    }

    @Override
    public boolean isRunning() {
        return listener.isRunning();
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }
}
