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
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IoModel#ASYNC} (what it is, its threads, where it blocks: there): NIO.2's
 * {@link AsynchronousServerSocketChannel} and {@link CompletionHandler}s on an {@link AsynchronousChannelGroup}. On
 * Linux, which has no usable kernel AIO for sockets, the JDK emulates the proactor: a group thread learns from epoll
 * that a socket is ready, performs the read or write itself, then runs the handler.
 *
 * <p>Each connection has exactly one operation outstanding: a read, or the write of what that read brought; the next
 * read starts only once the echo is fully written, and a short write re-issues the remainder. So a
 * {@code ReadPendingException} or {@code WritePendingException} cannot happen, and a client that does not read is
 * not read from: one buffer per connection is all the server ever holds. Idle connections are closed by an
 * {@link IdleSweeper}, not by the read's timeout argument: that would schedule a timer task for every read. Accept
 * is re-armed in its own completion handler; after a failure a timer ({@code echo-async-backoff-1}) re-arms it once
 * the back-off pause is over, so no group thread sleeps.
 */
final class AsyncEchoServer extends ServerSkeleton {

    private static final Logger log = LoggerFactory.getLogger(AsyncEchoServer.class);

    AsyncEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ServerSettings settings = context.settings();
        AsynchronousChannelGroup group =
                AsynchronousChannelGroup.withFixedThreadPool(settings.threads(), context.threads(""));
        AsynchronousServerSocketChannel socket;
        int port;
        try {
            socket = AsynchronousServerSocketChannel.open(group);
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), BACKLOG);
            port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException e) {
            try {
                group.shutdownNow(); // also closes the channel, if it was opened
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Proactor proactor = new Proactor(context, group, socket, port);
        proactor.acceptNext();
        return proactor;
    }

    /**
     * One life of the listener, from start to stop; handlers belong to their own, so a restart never mixes two up.
     * Accept completions never overlap (one accept is outstanding at a time), so they share one back-off.
     */
    private static final class Proactor implements Listening {

        private final ServerContext context;
        private final EchoStats stats;
        private final AsynchronousChannelGroup group;
        private final AsynchronousServerSocketChannel socket;
        private final int port;
        private final IdleSweeper sweeper;
        /** Its one thread is created on the first failed accept, not before. */
        private final ScheduledExecutorService backoffTimer;

        private final AcceptBackoff backoff = new AcceptBackoff();
        private final Set<Connection> open = ConcurrentHashMap.newKeySet();
        private final CompletionHandler<AsynchronousSocketChannel, Void> accepted = new Accepted();

        Proactor(
                ServerContext context,
                AsynchronousChannelGroup group,
                AsynchronousServerSocketChannel socket,
                int port) {
            this.context = context;
            this.stats = context.stats();
            this.group = group;
            this.socket = socket;
            this.port = port;
            this.sweeper = new IdleSweeper(context);
            this.backoffTimer = Executors.newSingleThreadScheduledExecutor(context.threads("backoff"));
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void closeListener() {
            Quietly.close(socket);
        }

        @Override
        public void closeConnections() {
            open.forEach(Connection::close);
            backoffTimer.shutdownNow();
            sweeper.stop();
        }

        @Override
        public void awaitThreadsEnd(long deadlineNanos) {
            try {
                group.shutdownNow();
                group.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                log.warn("async: closing the channel group: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.forEach(Connection::close); // admitted by an accept that completed while the listener was closing
        }

        void acceptNext() {
            try {
                socket.accept(null, accepted);
            } catch (ShutdownChannelGroupException stopping) {
                // stop() has shut the group down: nothing to accept any more
            }
        }

        private final class Accepted implements CompletionHandler<AsynchronousSocketChannel, Void> {

            @Override
            public void completed(AsynchronousSocketChannel client, Void unused) {
                backoff.succeeded();
                acceptNext();
                if (!context.admit()) {
                    Quietly.close(client);
                    return;
                }
                // From here the permit belongs to the connection, whose close() releases it whatever happens.
                Connection connection = new Connection(client);
                open.add(connection);
                connection.start();
            }

            @Override
            public void failed(Throwable e, Void unused) {
                if (!socket.isOpen()) {
                    return; // stop() closed the listener
                }
                stats.reject(RejectReason.ACCEPT_ERROR);
                Duration pause = backoff.failed();
                log.warn("async: accept failed, accepting again in {} ms: {}", pause.toMillis(), e.toString());
                // Sleeping here would stall every connection whose completions this group thread runs.
                try {
                    backoffTimer.schedule(this::acceptAgain, pause.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // stop() has shut the timer down
                }
            }

            private void acceptAgain() {
                acceptNext();
            }
        }

        /** One client: its buffer, and the read, write, read chain that keeps exactly one operation outstanding. */
        private final class Connection {

            private final AsynchronousSocketChannel channel;
            private final ByteBuffer buffer = ByteBuffer.allocate(context.readChunk());

            private final IdleSweeper.Activity activity;
            private final CompletionHandler<Integer, Void> readDone = then(this::echo);
            private final CompletionHandler<Integer, Void> writeDone = then(this::written);

            Connection(AsynchronousSocketChannel channel) {
                this.channel = channel;
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
                activity.touch(); // a write that moves is progress: only a stalled one counts as idle
                stats.sent(n);
                if (buffer.hasRemaining()) {
                    write(); // a short write: the rest first, and no read until it is out
                } else {
                    read();
                }
            }

            void failed(Throwable e) {
                if (activity.expired()) {
                    context.countError(ErrorKind.IDLE_TIMEOUT);
                } else if (!(e instanceof ClosedChannelException)) {
                    context.countError(e);
                }
                close();
            }

            void close() {
                if (open.remove(this)) {
                    sweeper.untrack(activity);
                    Quietly.close(channel);
                    context.release();
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
}
