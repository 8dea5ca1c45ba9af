package dev.echolab.server;

import java.io.IOException;
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
        super(context);
        this.connectionThreads = context.threads("conn");
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        return BlockingListener.open(
                context, "accept", task -> connectionThreads.newThread(task).start());
    }
}
