package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code thread-pool}: an accept thread queues every client for a fixed pool of threads. A pool thread serves one
 * client until it leaves, so once clients outnumber threads the rest wait in the queue, connected but unanswered:
 * starvation, the price of bounding threads while keeping blocking IO.
 *
 * <p>Threads: {@code echo-thread-pool-accept} blocks in {@code accept()}; {@code echo-thread-pool-N}
 * ({@code echo.servers.thread-pool.threads} of them) block in {@code read()}/{@code write()} or wait for work.
 */
final class ThreadPoolEchoServer implements EchoServer {

    private final ServerSettings settings;
    private final EchoStats stats;
    private final BlockingListener listener;
    private ExecutorService pool;

    ThreadPoolEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.listener = new BlockingListener(IoModel.THREAD_POOL, settings, stats, "accept",
                BlockingListener.IdleCheck.SO_TIMEOUT);
    }

    @Override
    public IoModel model() {
        return IoModel.THREAD_POOL;
    }

    @Override
    public synchronized void start() throws IOException {
        if (listener.isRunning()) {
            return;
        }
        ExecutorService newPool = Executors.newFixedThreadPool(settings.threads(),
                ModelThreads.factory(IoModel.THREAD_POOL, ""));
        try {
            listener.start(newPool);
        } catch (IOException e) {
            newPool.shutdownNow();
            throw e;
        }
        pool = newPool;
    }

    @Override
    public synchronized void stop() {
        if (pool == null) {
            return;
        }
        // Listener first: it closes every connection, queued ones included, and the pool runs each queued task
        // just long enough to see its socket closed and release it. Shutting the pool down first would drop them.
        listener.stop();
        pool.shutdown();
        try {
            pool.awaitTermination(settings.shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        pool = null;
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
