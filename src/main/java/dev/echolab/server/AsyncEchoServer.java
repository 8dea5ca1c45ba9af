package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code async}: the proactor, NIO.2's {@link AsynchronousServerSocketChannel}. The application starts a read or a
 * write and names a {@link CompletionHandler}; the runtime performs the operation and calls the handler once it is
 * done. Where the other non-blocking models ask "which socket is ready?", this one is told "your read finished".
 * That is the model of POSIX AIO and Windows IOCP; Linux has no usable kernel AIO for sockets, so there the JDK
 * emulates it with epoll and a thread pool: a group thread learns from epoll that a socket is ready, performs the
 * read or write itself, then runs the handler.
 *
 * <p>Threads: an {@link AsynchronousChannelGroup} of {@code settings.threads()} threads ({@code echo-async-N}) runs
 * every handler; they wait in {@code epoll_wait}, never in a read. Each connection has exactly one operation outstanding: a read, or the write of what that read
 * brought; the next read starts only once the echo is fully written, and a short write re-issues the remainder.
 * So a {@code ReadPendingException} or {@code WritePendingException} cannot happen, and a client that does not read
 * is not read from: one buffer per connection is all the server ever holds. Idle connections are closed by an
 * {@link IdleSweeper} ({@code echo-async-idle}), not by the read's timeout argument: that would schedule a timer
 * task for every read.
 * Accept is re-armed in its own completion handler; after a failure a timer ({@code echo-async-backoff-1}) re-arms
 * it once the back-off pause is over, so no group thread sleeps.
 */
final class AsyncEchoServer implements EchoServer {

    private static final Logger log = LoggerFactory.getLogger(AsyncEchoServer.class);

    private final ServerSettings settings;
    private final EchoStats stats;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    private final CompletionHandler<AsynchronousSocketChannel, Listening> accepted = new Accepted();

    private Listening listening;
    /** Set while stop() closes connections: the errors that causes are not the clients'. */
    private volatile boolean closedByStop;

    /**
     * One life of the listener, from start to stop; handlers carry their own, so a restart never mixes two up.
     * Accept completions never overlap (one accept is outstanding at a time), so they share one back-off.
     */
    private record Listening(AsynchronousChannelGroup group, AsynchronousServerSocketChannel socket, int port,
                             IdleSweeper sweeper, ScheduledExecutorService backoffTimer, AcceptBackoff backoff) {
    }

    AsyncEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.permits = new Semaphore(settings.maxConnections());
    }

    @Override
    public IoModel model() {
        return IoModel.ASYNC;
    }

    @Override
    public synchronized void start() throws IOException {
        if (listening != null) {
            return;
        }
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(settings.threads(),
                ModelThreads.factory(IoModel.ASYNC, ""));
        AsynchronousServerSocketChannel socket;
        int port;
        try {
            socket = AsynchronousServerSocketChannel.open(group);
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 1024);
            port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException e) {
            try {
                group.shutdownNow(); // also closes the channel, if it was opened
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // Its one thread is created on the first failed accept, not before.
        ScheduledExecutorService backoffTimer =
                Executors.newSingleThreadScheduledExecutor(ModelThreads.factory(IoModel.ASYNC, "backoff"));
        listening = new Listening(group, socket, port, new IdleSweeper(IoModel.ASYNC, settings.idleTimeout()),
                backoffTimer, new AcceptBackoff());
        acceptNext(listening);
    }

    @Override
    public void stop() {
        Listening stopping;
        synchronized (this) {
            stopping = listening;
            listening = null;
        }
        if (stopping == null) {
            return;
        }
        Quietly.close(stopping.socket());
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        Quietly.awaitUntil(open::isEmpty, deadline, 10);
        closedByStop = true;
        open.forEach(Connection::close);
        stopping.backoffTimer().shutdownNow();
        stopping.sweeper().stop();
        try {
            stopping.group().shutdownNow();
            stopping.group().awaitTermination(settings.shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            log.warn("async: closing the channel group: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(Connection::close); // admitted by an accept that completed while the listener was closing
        closedByStop = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return listening != null;
    }

    @Override
    public synchronized int port() {
        return listening == null ? -1 : listening.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    private void acceptNext(Listening l) {
        try {
            l.socket().accept(l, accepted);
        } catch (ShutdownChannelGroupException stopping) {
            // stop() has shut the group down: nothing to accept any more
        }
    }

    private final class Accepted implements CompletionHandler<AsynchronousSocketChannel, Listening> {

        @Override
        public void completed(AsynchronousSocketChannel client, Listening l) {
            l.backoff().succeeded();
            acceptNext(l);
            if (!permits.tryAcquire()) {
                stats.reject(RejectReason.OVER_LIMIT);
                Quietly.close(client);
                return;
            }
            // From here the permit belongs to the connection, whose close() releases it whatever happens.
            stats.connectionOpened();
            Connection connection = new Connection(client, l.sweeper());
            open.add(connection);
            connection.start();
        }

        @Override
        public void failed(Throwable e, Listening l) {
            if (!l.socket().isOpen()) {
                return; // stop() closed the listener
            }
            stats.reject(RejectReason.ACCEPT_ERROR);
            Duration pause = l.backoff().failed();
            log.warn("async: accept failed, accepting again in {} ms: {}", pause.toMillis(), e.toString());
            // Sleeping here would stall every connection whose completions this group thread runs.
            try {
                l.backoffTimer().schedule(() -> acceptNext(l), pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stop() has shut the timer down
            }
        }
    }

    /** One client: its buffer, and the read, write, read chain that keeps exactly one operation outstanding. */
    private final class Connection {

        private final AsynchronousSocketChannel channel;
        /** 16 KiB moves a stream at full speed; 10,000 connections then hold 160 MB, not 640. */
        private final ByteBuffer buffer = ByteBuffer.allocate(Math.min(16 * 1024, settings.bufferBytes()));
        private final IdleSweeper sweeper;
        private final IdleSweeper.Activity activity;
        private final CompletionHandler<Integer, Void> readDone = then(this::echo);
        private final CompletionHandler<Integer, Void> writeDone = then(this::written);

        Connection(AsynchronousSocketChannel channel, IdleSweeper sweeper) {
            this.channel = channel;
            this.sweeper = sweeper;
            // Closing the channel fails the outstanding read, and failed() sees that the sweeper did it.
            this.activity = sweeper.track(() -> Quietly.close(channel));
        }

        void start() {
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                failed(e);
                return;
            }
            read();
        }

        void read() {
            buffer.clear();
            try {
                channel.read(buffer, null, readDone);
            } catch (ShutdownChannelGroupException stopping) {
                close();
            }
        }

        void echo(int n) {
            if (n < 0) {
                // Half-close: nothing is outstanding, so everything the client sent has been echoed; now we close.
                close();
                return;
            }
            activity.touch();
            stats.received(n);
            buffer.flip();
            write();
        }

        void write() {
            try {
                channel.write(buffer, null, writeDone);
            } catch (ShutdownChannelGroupException stopping) {
                close();
            }
        }

        void written(int n) {
            stats.sent(n);
            if (buffer.hasRemaining()) {
                write(); // a short write: the rest first, and no read until it is out
            } else {
                read();
            }
        }

        void failed(Throwable e) {
            if (activity.expired()) {
                stats.error(ErrorKind.IDLE_TIMEOUT);
            } else if (!closedByStop && !(e instanceof ClosedChannelException)) {
                stats.error(ErrorKind.of(e));
            }
            close();
        }

        void close() {
            if (open.remove(this)) {
                sweeper.untrack(activity);
                Quietly.close(channel);
                permits.release();
                stats.connectionClosed();
            }
        }

        private CompletionHandler<Integer, Void> then(IntConsumer next) {
            return new CompletionHandler<>() {
                @Override
                public void completed(Integer bytes, Void unused) {
                    next.accept(bytes);
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    Connection.this.failed(e);
                }
            };
        }
    }
}
