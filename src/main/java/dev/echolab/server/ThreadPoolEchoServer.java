package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executors;

/**
 * {@link IoModel#THREAD_POOL} (what it is, its threads, where it blocks: there): the price of bounding threads while
 * keeping blocking IO is starvation once clients outnumber them.
 */
final class ThreadPoolEchoServer extends ServerSkeleton {

    ThreadPoolEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        // The listener owns the pool: on stop it closes every socket, queued ones included, before shutting the pool
        // down, so each queued task runs just long enough to see its socket closed and release it.
        return BlockingListener.open(
                context,
                "accept",
                Executors.newFixedThreadPool(context.settings().threads(), context.threads("")));
    }
}
