package dev.echolab.server;

import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of the models that drive non-blocking channels: a non-blocking listener, the connection
 * limit, and back-off after a failed {@code accept()}. It never sleeps: after a failure it is
 * {@linkplain #pausedAt paused} until a time, and its loop stops asking (a selector loop drops
 * {@code OP_ACCEPT}) until then, so the connections already open are still served.
 *
 * <p>Not thread-safe: called on one loop thread; {@link #close()} may come from the thread that stops the server.
 */
final class ChannelAcceptor {

    private static final Logger log = LoggerFactory.getLogger(ChannelAcceptor.class);
    /** Accepts per call: a burst of clients is taken quickly without starving the connections already open. */
    private static final int BATCH = 64;

    private final ServerContext context;
    private final ServerSocketChannel listener;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private long resumeAtNanos;
    private boolean paused;

    ChannelAcceptor(ServerContext context, ServerSocketChannel listener) {
        this.context = context;
        this.listener = listener;
    }

    /** Binds a non-blocking listener; on failure nothing is left open. */
    static ChannelAcceptor bind(ServerContext context) throws IOException {
        ServerSettings settings = context.settings();
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), ServerSkeleton.BACKLOG);
            listener.configureBlocking(false);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new ChannelAcceptor(context, listener);
    }

    ServerSocketChannel listener() {
        return listener;
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    /**
     * Accepts the clients waiting in the backlog (up to a batch) and hands each to {@code handoff} as a
     * {@link Connection}; a client over the limit is closed at once and counted.
     *
     * @return how many clients were taken from the backlog, refused ones included
     */
    int acceptPending(Consumer<Connection> handoff) {
        int taken = 0;
        while (taken < BATCH && !pausedAt(System.nanoTime())) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return taken;
                }
                context.stats().reject(RejectReason.ACCEPT_ERROR);
                resumeAtNanos = System.nanoTime() + backoff.failed().toNanos();
                paused = true;
                log.warn(
                        "{}: accept failed, pausing accepts: {}",
                        context.model().id(),
                        e.toString());
                return taken;
            }
            if (channel == null) {
                return taken; // nothing pending: the note's BlockingIOError
            }
            taken++;
            backoff.succeeded();
            if (!context.admit()) {
                Quietly.close(channel);
                continue;
            }
            Connection connection;
            try {
                connection = new Connection(channel, context);
            } catch (IOException e) {
                context.release(); // the client left before we could configure it
                Quietly.close(channel);
                continue;
            }
            handoff.accept(connection);
        }
        return taken;
    }

    /** Whether accepting is paused after a failure at {@code nowNanos}. */
    boolean pausedAt(long nowNanos) {
        if (paused && nowNanos - resumeAtNanos >= 0) {
            paused = false;
        }
        return paused;
    }

    /** When a paused acceptor resumes; only meaningful while {@link #pausedAt} is true. */
    long resumeAtNanos() {
        return resumeAtNanos;
    }

    void close() {
        Quietly.close(listener);
    }
}
