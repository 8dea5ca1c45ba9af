package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * {@link IoModel#THREAD_PER_CONNECTION} (what it is, its threads, where it blocks: there). Each thread costs a stack
 * and a kernel task, which is what the other models save. Where the host allows fewer tasks than
 * {@code echo.max-connections} ({@code pids.max}, {@code ulimit -u}), {@code Thread.start()} fails: that client is
 * refused and counted ({@code no-thread}), and accepting goes on.
 */
final class ThreadPerConnectionEchoServer extends ServerSkeleton {

    private final ThreadFactory connectionThreads;

    ThreadPerConnectionEchoServer(ServerContext context) {
        this(context, context.threads("conn"));
    }

    /** With the factory that makes each client's thread: tests inject one that fails. */
    ThreadPerConnectionEchoServer(ServerContext context, ThreadFactory connectionThreads) {
        super(context);
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
