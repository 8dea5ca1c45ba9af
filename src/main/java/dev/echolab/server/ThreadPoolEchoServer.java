package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.Executors;

/**
 * {@code thread-pool}: an accept thread queues every client for a fixed pool of threads. A pool thread serves one
 * client until it leaves, so once clients outnumber threads the rest wait in the queue, connected but unanswered:
 * starvation, the price of bounding threads while keeping blocking IO.
 *
 * <p>Threads: {@code echo-thread-pool-accept} blocks in {@code accept()}; {@code echo-thread-pool-N}
 * ({@code echo.servers.thread-pool.threads} of them) block in {@code read()}/{@code write()} or wait for work.
 */
final class ThreadPoolEchoServer extends ServerSkeleton {

    ThreadPoolEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.THREAD_POOL, settings, stats);
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
