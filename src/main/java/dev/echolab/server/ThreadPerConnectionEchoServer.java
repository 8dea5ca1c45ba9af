package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * {@code thread-per-connection}: the note's baseline (docs/the-note.md), "a thread or a process per connection". An
 * accept thread hands every client to a new platform thread that runs plain blocking read/write until the client
 * leaves.
 *
 * <p>Threads: {@code echo-thread-per-connection-accept} blocks in {@code accept()}; one
 * {@code echo-thread-per-connection-conn-N} per client blocks in its {@code read()}/{@code write()}. Simple and
 * fast for a few hundred clients; each thread costs a stack and a kernel task, which is what the other models save.
 * Where the host allows fewer tasks than {@code echo.max-connections} ({@code pids.max}, {@code ulimit -u}),
 * {@code Thread.start()} fails: that client is refused and counted ({@code no-thread}), and accepting goes on.
 */
final class ThreadPerConnectionEchoServer extends ServerSkeleton {

    private final ThreadFactory connectionThreads;

    ThreadPerConnectionEchoServer(ServerSettings settings, EchoStats stats) {
        this(settings, stats, ModelThreads.factory(IoModel.THREAD_PER_CONNECTION, "conn"));
    }

    /** With the factory that makes each client's thread: tests inject one that fails. */
    ThreadPerConnectionEchoServer(ServerSettings settings, EchoStats stats, ThreadFactory connectionThreads) {
        super(IoModel.THREAD_PER_CONNECTION, settings, stats);
        this.connectionThreads = connectionThreads;
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        return BlockingListener.open(context, "accept", newThreadPerClient());
    }

    private Executor newThreadPerClient() {
        return task -> {
            try {
                connectionThreads.newThread(task).start();
            } catch (OutOfMemoryError e) {
                // "unable to create native thread": the JVM is fine, the host is out of tasks. Refuse this client.
                throw new RejectedExecutionException("no thread for a new client", e);
            }
        };
    }
}
