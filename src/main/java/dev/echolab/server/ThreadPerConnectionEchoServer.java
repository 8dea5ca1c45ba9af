package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * {@code thread-per-connection}: the note's baseline (docs/the-note.md), "a thread or a process per connection". An
 * accept thread hands every client to a new platform thread that runs plain blocking read/write until the client
 * leaves.
 *
 * <p>Threads: {@code echo-thread-per-connection-accept} blocks in {@code accept()}; one
 * {@code echo-thread-per-connection-conn-N} per client blocks in its {@code read()}/{@code write()}. Simple and
 * fast for a few hundred clients; each thread costs a stack and a kernel task, which is what the other models save.
 */
final class ThreadPerConnectionEchoServer implements EchoServer {

    private final EchoStats stats;
    private final BlockingListener listener;
    private final ThreadFactory connectionThreads =
            ModelThreads.factory(IoModel.THREAD_PER_CONNECTION, "conn");

    ThreadPerConnectionEchoServer(ServerSettings settings, EchoStats stats) {
        this.stats = stats;
        this.listener = new BlockingListener(IoModel.THREAD_PER_CONNECTION, settings, stats, "accept",
                BlockingListener.IdleCheck.SO_TIMEOUT);
    }

    @Override
    public IoModel model() {
        return IoModel.THREAD_PER_CONNECTION;
    }

    @Override
    public void start() throws IOException {
        Executor newThreadPerClient = task -> connectionThreads.newThread(task).start();
        listener.start(newThreadPerClient);
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
