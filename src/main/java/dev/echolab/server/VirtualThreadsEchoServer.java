package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link IoModel#VIRTUAL_THREADS} (what it is, its threads, where it blocks: there): the very same blocking loop as
 * {@code thread-per-connection} ({@link BlockingListener}), on a virtual thread per client. When a read would block,
 * the JDK parks the virtual thread, registers the socket with its poller and lets the carrier run another one.
 *
 * <p>A virtual thread that blocks while pinned to its carrier would block the carrier too: nothing on the path of
 * {@code BlockingListener.serve} blocks inside {@code synchronized} (a Java 21 pinning point), and a test records
 * {@code jdk.VirtualThreadPinned} to keep it that way. Its CPU time is the carriers' ({@link ModelThreads}).
 */
final class VirtualThreadsEchoServer extends ServerSkeleton {

    private final ThreadFactory connectionThreads;
    private final AtomicInteger live = new AtomicInteger();

    VirtualThreadsEchoServer(ServerContext context) {
        super(context);
        connectionThreads = Thread.ofVirtual()
                .name(context.model().threadPrefix() + "conn-", 1)
                .factory();
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        Executor virtualThreadPerClient = task -> connectionThreads
                .newThread(() -> {
                    live.incrementAndGet();
                    try {
                        task.run();
                    } finally {
                        live.decrementAndGet();
                    }
                })
                .start();
        return BlockingListener.open(context, "accept", virtualThreadPerClient);
    }

    /** Virtual threads serving a client now: counted as each starts serving and again as it ends. */
    @Override
    public int virtualThreads() {
        return live.get();
    }
}
