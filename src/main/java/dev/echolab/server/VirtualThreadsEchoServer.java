package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;

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

    VirtualThreadsEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ThreadFactory virtualThreadPerClient = context.virtualThreads("conn");
        return BlockingListener.open(
                context,
                "accept",
                task -> virtualThreadPerClient.newThread(task).start());
    }
}
