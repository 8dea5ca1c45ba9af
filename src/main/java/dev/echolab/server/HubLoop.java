package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code greenlet} model's event loop, gevent's hub: one platform thread ({@code echo-greenlet-hub}) that
 * selects, accepts, spawns a coroutine per client and switches into each coroutine whose socket is ready. It also
 * owns the contract's timed parts: the idle sweep (a closed coroutine is switched into once more, so that it ends)
 * and the accept back-off. One life of the server: the skeleton stops it through {@link ServerSkeleton.Listening}.
 *
 * <p>Thread contract: everything here runs on the hub thread, or in a coroutine while the hub waits for it to
 * switch back; other threads only set a flag and wake the selector ({@link #closeListener}, {@link #closeConnections}).
 */
final class HubLoop implements ServerSkeleton.Listening {

    private static final Logger log = LoggerFactory.getLogger(HubLoop.class);

    private final ServerContext context;
    private final ChannelAcceptor acceptor;
    private final ThreadFactory coroutineThreads;
    private final Selector selector;
    private final IdleTimeout idleTimeout;
    private final long sweepEveryNanos;
    private final List<SelectionKey> ready = new ArrayList<>();
    private volatile boolean listenerClosing;
    private volatile boolean shuttingDown;
    private Thread thread;
    private Hub hub;
    private ByteBuffer scratch;
    private long nextSweepNanos;

    private HubLoop(
            ServerContext context, ChannelAcceptor acceptor, ThreadFactory coroutineThreads, Selector selector) {
        this.context = context;
        this.acceptor = acceptor;
        this.coroutineThreads = coroutineThreads;
        this.selector = selector;
        this.idleTimeout = context.idleTimeout();
        // With no idle timeout there is nothing to sweep: wake for nothing but events (and an accept back-off).
        this.sweepEveryNanos = idleTimeout.never() ? Long.MAX_VALUE / 4 : idleTimeout.sweepEveryNanos();
    }

    /** Opens the selector and starts the hub thread, which accepts from {@code acceptor}; closes nothing on failure. */
    static HubLoop start(ServerContext context, ChannelAcceptor acceptor, ThreadFactory coroutineThreads)
            throws IOException {
        Selector selector = Selector.open();
        try {
            acceptor.listener().register(selector, SelectionKey.OP_ACCEPT, acceptor);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        HubLoop loop = new HubLoop(context, acceptor, coroutineThreads, selector);
        loop.thread = context.startThread("hub", loop::run);
        return loop;
    }

    @Override
    public int port() {
        return acceptor.port();
    }

    @Override
    public void closeListener() {
        listenerClosing = true;
        selector.wakeup();
    }

    @Override
    public void closeConnections() {
        shuttingDown = true;
        selector.wakeup();
    }

    @Override
    public void awaitThreadsEnd(long deadlineNanos) {
        Quietly.join(thread, deadlineNanos);
    }

    private void run() {
        // The hub is bound to this thread; only one runs at a time, so one read buffer serves every coroutine.
        hub = new Hub(coroutineThreads, context.carrierTime());
        scratch = ByteBuffer.allocateDirect(context.readChunk());
        nextSweepNanos = System.nanoTime() + sweepEveryNanos;
        try {
            loop();
        } catch (IOException | ClosedSelectorException e) {
            log.error("greenlet: the hub stopped by an error", e);
        } finally {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                if (key.attachment() instanceof GreenletConnection client) {
                    end(client);
                }
            }
            acceptor.close();
            Quietly.close(selector);
        }
    }

    private void loop() throws IOException {
        while (!shuttingDown) {
            long timeoutMillis = Math.max(1, (nextWakeNanos() - System.nanoTime() + 999_999) / 1_000_000);
            // No coroutine runs while the hub selects: they all wait for a switch. Ready keys are collected first
            // and switched to after, so that no coroutine runs inside the selector's own callback either.
            int selected = selector.select(ready::add, timeoutMillis);
            context.stats().loopPass(selected == 0);
            for (SelectionKey key : ready) {
                if (key.attachment() instanceof GreenletConnection client) {
                    hub.switchTo(client.coroutine());
                } else if (key.isValid() && key.isAcceptable()) {
                    acceptor.acceptPending(this::spawn);
                }
            }
            ready.clear();
            if (listenerClosing && acceptor.listener().isOpen()) {
                acceptor.close();
                selector.selectNow(); // deregisters the listener: only then does the JDK release the port
            }
            sweepIdleConnections();
            pauseAcceptsWhileBackingOff();
        }
    }

    /** A new client: a coroutine waiting for its first bytes, switched to once they arrive. */
    private void spawn(Connection connection) {
        try {
            SelectionKey key = connection.channel().register(selector, SelectionKey.OP_READ);
            GreenletConnection client = new GreenletConnection(connection, key, hub, scratch);
            key.attach(client);
            client.spawn();
        } catch (IOException e) {
            connection.fail(e);
        }
    }

    private long nextWakeNanos() {
        long now = System.nanoTime();
        return acceptor.pausedAt(now) ? Math.min(nextSweepNanos, acceptor.resumeAtNanos()) : nextSweepNanos;
    }

    /** Closes the connections that made no progress for the idle timeout, and lets their coroutines end. */
    private void sweepIdleConnections() {
        long now = System.nanoTime();
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + sweepEveryNanos;
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof GreenletConnection client
                    && client.connection().isOpen()
                    && client.connection().idle(idleTimeout, now)) {
                context.countError(ErrorKind.IDLE_TIMEOUT);
                end(client);
            }
        }
    }

    /** After an accept failure, stop selecting OP_ACCEPT until the back-off pause is over, instead of sleeping. */
    private void pauseAcceptsWhileBackingOff() {
        SelectionKey key = acceptor.listener().keyFor(selector);
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = acceptor.pausedAt(System.nanoTime()) ? 0 : SelectionKey.OP_ACCEPT;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Closes the client's connection and switches to its coroutine, which wakes to a closed channel and ends. */
    private void end(GreenletConnection client) {
        client.connection().close();
        hub.switchTo(client.coroutine());
    }
}
