package dev.echolab.server;

import java.io.IOException;
import java.time.Duration;

/**
 * The contract every model shares, written once: idempotent start and stop, the stop sequence, the connection
 * limit and the closed-by-stop rule (through {@link ServerContext}), one listen backlog. A model extends this and
 * writes only {@link #listen}: bind, start its IO threads, and say how to close what it opened.
 *
 * <p>{@code stop()} runs four steps, each wait named:
 * <ol>
 *   <li>close the listener: nobody new gets in, and the port is free to bind again;</li>
 *   <li>drain: let open connections finish for up to {@code shutdownGrace};</li>
 *   <li>force-close the connections still open (their errors are then not counted: they are not the clients');</li>
 *   <li>await the model's threads, platform and virtual, for up to {@link #THREADS_END_WITHIN}: they only have to
 *       notice their sockets closed and release them, so that {@code active} and {@link #virtualThreads()} are 0
 *       once {@code stop()} returns.</li>
 * </ol>
 * Start and stop are serialised on a lock of their own; {@link #isRunning()} and {@link #port()} never wait for a
 * drain.
 */
abstract class ServerSkeleton implements EchoServer {

    /**
     * The listen backlog of every model, so that no model gets a deeper accept queue than another. 1024 holds a
     * burst of 500 connects with room to spare; the kernel caps it at {@code net.core.somaxconn} anyway.
     */
    static final int BACKLOG = 1024;
    /** Step 4 of stop: how long the model's threads get to end once every connection was closed under them. */
    static final Duration THREADS_END_WITHIN = Duration.ofSeconds(2);

    private static final long DRAIN_POLL_MILLIS = 10;

    /**
     * One life of a server, from a successful {@link #listen} to the end of {@link #stop()}. Its methods are called
     * once each, in order, by {@code stop()} on the stopping thread.
     */
    interface Listening {

        /** The bound port. */
        int port();

        /** Step 1: stop accepting and close the listening socket; connections keep being served. */
        void closeListener();

        /** Step 3: close every connection still open; returns without waiting for their threads. */
        void closeConnections();

        /** Step 4: wait until the model's threads have ended, or {@code deadlineNanos} ({@link System#nanoTime}). */
        void awaitThreadsEnd(long deadlineNanos);
    }

    private final ServerContext context;
    private final Object lifecycle = new Object();
    private volatile Listening listening;

    ServerSkeleton(ServerContext context) {
        this.context = context;
    }

    /**
     * Binds {@code context.settings()} with {@link #BACKLOG} and starts serving. Must leave nothing open when it
     * throws.
     */
    abstract Listening listen(ServerContext context) throws IOException;

    @Override
    public final IoModel model() {
        return context.model();
    }

    @Override
    public final EchoStats stats() {
        return context.stats();
    }

    @Override
    public final int virtualThreads() {
        return context.virtualThreadsNow();
    }

    @Override
    public final boolean isRunning() {
        return listening != null;
    }

    @Override
    public final int port() {
        Listening current = listening;
        return current == null ? -1 : current.port();
    }

    @Override
    public final void start() throws IOException {
        synchronized (lifecycle) {
            if (listening == null) {
                context.closingByStop(false);
                listening = listen(context);
            }
        }
    }

    @Override
    public final void stop() {
        synchronized (lifecycle) {
            Listening stopping = listening;
            if (stopping == null) {
                return;
            }
            listening = null;
            stopping.closeListener();
            long graceEnds =
                    System.nanoTime() + context.settings().shutdownGrace().toNanos();
            Quietly.awaitUntil(() -> context.openConnections() == 0, graceEnds, DRAIN_POLL_MILLIS);
            context.closingByStop(true);
            stopping.closeConnections();
            long threadsEnd = System.nanoTime() + THREADS_END_WITHIN.toNanos();
            stopping.awaitThreadsEnd(threadsEnd);
            // Some models release a connection on its own thread, just after its socket was closed under it, and a
            // virtual thread is counted until its last line has run.
            Quietly.awaitUntil(
                    () -> context.openConnections() == 0 && context.virtualThreadsNow() == 0,
                    threadsEnd,
                    DRAIN_POLL_MILLIS);
        }
    }
}
