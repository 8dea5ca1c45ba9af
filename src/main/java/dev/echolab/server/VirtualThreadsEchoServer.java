package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code virtual-threads}: the note's gevent server (docs/the-note.md), where {@code spawn} starts a greenlet per
 * connection and {@code monkey.patch_all()} makes every blocking call yield. Here an accept thread starts a virtual
 * thread per client running the very same blocking read/write loop as {@code thread-per-connection} ({@link
 * BlockingListener}); when a read would block, the JDK parks the virtual thread, registers the socket with its poller
 * and lets the carrier run another one. The code reads as blocking; the runtime multiplexes.
 *
 * <p>Threads: {@code echo-virtual-threads-accept}, a platform thread, blocks in {@code accept()}; one virtual thread
 * per client ({@code echo-virtual-threads-conn-N}) parks in {@code read()}/{@code write()}; an {@link IdleSweeper}
 * ({@code echo-virtual-threads-idle-1}) closes stalled clients. Virtual threads have no CPU time of their own: their
 * work runs on the carrier threads of the JDK's scheduler (one per core), so the CPU time shown for this model is
 * the carriers' ({@link ModelThreads} credits it here, and the rest of the app keeps off virtual threads so that it
 * stays honest). A virtual thread that blocks while pinned to its carrier would block the carrier too: nothing on
 * the path of {@code BlockingListener.serve} blocks inside {@code synchronized} (a Java 21 pinning point), and a
 * test records {@code jdk.VirtualThreadPinned} to keep it that way.
 */
final class VirtualThreadsEchoServer extends ServerSkeleton {

    private final ThreadFactory connectionThreads = Thread.ofVirtual()
            .name(IoModel.VIRTUAL_THREADS.threadPrefix() + "conn-", 1)
            .factory();
    private final AtomicInteger live = new AtomicInteger();

    VirtualThreadsEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.VIRTUAL_THREADS, settings, stats);
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
