package dev.echolab.server;

import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of the models that drive non-blocking channels: a non-blocking listener, the connection
 * limit, and back-off after a failed {@code accept()}. It never sleeps: after a failure it is
 * {@linkplain #pausedAt paused} until a time, and its loop stops asking (a selector loop drops
 * {@code OP_ACCEPT}) until then, so the connections already open are still served.
 *
 * <p>Not thread-safe: called on one loop thread, except {@link Connection#close()} releasing a slot, which may
 * happen on another reactor's thread.
 */
final class ChannelAcceptor {

    private static final Logger log = LoggerFactory.getLogger(ChannelAcceptor.class);
    /** Accepts per call: a burst of clients is taken quickly without starving the connections already open. */
    private static final int BATCH = 64;

    private final IoModel model;
    private final ServerSocketChannel listener;
    private final ServerSettings settings;
    private final EchoStats stats;
    private final AcceptBackoff backoff = new AcceptBackoff();
    /** One permit per connection served; released by the connection as it closes, on whichever thread owns it. */
    private final Semaphore permits;
    private long resumeAtNanos;
    private boolean paused;

    ChannelAcceptor(IoModel model, ServerSocketChannel listener, ServerSettings settings, EchoStats stats) {
        this.model = model;
        this.listener = listener;
        this.settings = settings;
        this.stats = stats;
        this.permits = new Semaphore(settings.maxConnections());
    }

    /** Binds a non-blocking listener; on failure nothing is left open. */
    static ChannelAcceptor bind(IoModel model, ServerSettings settings, EchoStats stats) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 4096);
            listener.configureBlocking(false);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new ChannelAcceptor(model, listener, settings, stats);
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
                stats.reject(RejectReason.ACCEPT_ERROR);
                resumeAtNanos = System.nanoTime() + backoff.failed().toNanos();
                paused = true;
                log.warn("{}: accept failed, pausing accepts: {}", model.id(), e.toString());
                return taken;
            }
            if (channel == null) {
                return taken; // nothing pending: the note's BlockingIOError
            }
            taken++;
            backoff.succeeded();
            if (!permits.tryAcquire()) {
                stats.reject(RejectReason.OVER_LIMIT);
                Quietly.close(channel);
                continue;
            }
            Connection connection;
            try {
                connection = new Connection(channel, settings.bufferBytes(), stats, permits::release);
            } catch (IOException e) {
                permits.release(); // the client left before we could configure it; nothing was counted
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
