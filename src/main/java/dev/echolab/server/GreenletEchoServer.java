package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code greenlet}: the study note's last server, greenlets on gevent's hub. A hub thread runs a {@link Selector};
 * each client is a {@link Coroutine} ({@link GreenletConnection}) whose echo loop reads as blocking code and that
 * switches back to the hub itself when a read or write would block. The hub switches into whichever coroutine's
 * socket is ready, {@code hub.switchTo(coroutine)}, one at a time: the scheduling decision is made here, in our
 * code, and exactly one of the hub and its coroutines runs at any moment.
 *
 * <p>Threads: {@code echo-greenlet-hub}, a platform thread, blocks in {@code select()} and nowhere else; each
 * coroutine lives on a virtual thread ({@code echo-greenlet-conn-N}) that is parked unless it holds the baton
 * ({@link Hub} says why virtual threads). The model's CPU time is the hub's plus the time its coroutines held the
 * baton; {@link ModelThreads} takes the latter out of the carriers' figure credited to {@code virtual-threads}.
 */
final class GreenletEchoServer implements EchoServer {

    private static final Logger log = LoggerFactory.getLogger(GreenletEchoServer.class);

    private final ServerSettings settings;
    private final EchoStats stats;
    private final ThreadFactory coroutineThreads =
            Thread.ofVirtual().name(IoModel.GREENLET.threadPrefix() + "conn-", 1).factory();
    /** Coroutines alive now (the model's virtual threads); changed on the hub thread, read by anyone. */
    private final AtomicInteger coroutines = new AtomicInteger();
    private ChannelAcceptor acceptor;
    private Selector selector;
    private Thread hubThread;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;

    GreenletEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public IoModel model() {
        return IoModel.GREENLET;
    }

    @Override
    public synchronized void start() throws IOException {
        if (hubThread != null) {
            return;
        }
        ChannelAcceptor newAcceptor = ChannelAcceptor.bind(IoModel.GREENLET, settings, stats);
        try {
            selector = Selector.open();
            newAcceptor.listener().register(selector, SelectionKey.OP_ACCEPT, newAcceptor);
        } catch (IOException e) {
            newAcceptor.close();
            Quietly.close(selector);
            throw e;
        }
        acceptor = newAcceptor;
        stopping = false;
        hubThread = ModelThreads.start(IoModel.GREENLET, "hub", this::runHub);
    }

    @Override
    public synchronized void stop() {
        if (hubThread == null) {
            return;
        }
        // The hub closes the listener first, then drains; it closes what is left at the deadline.
        stopDeadlineNanos = System.nanoTime() + settings.shutdownGrace().toNanos();
        stopping = true;
        selector.wakeup();
        try {
            hubThread.join(settings.shutdownGrace().toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hubThread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return hubThread != null;
    }

    @Override
    public synchronized int port() {
        return hubThread == null ? -1 : acceptor.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    @Override
    public int virtualThreads() {
        return coroutines.get();
    }

    /** The hub thread: a {@link Hub} bound to it, the select loop, and on the way out every coroutine ended. */
    private void runHub() {
        Hub hub = new Hub(coroutineThreads, ModelThreads.carrierTimeSpentBy(IoModel.GREENLET));
        HubLoop loop = new HubLoop(hub);
        try {
            loop.run();
        } catch (IOException | RuntimeException e) {
            log.error("greenlet: the hub stopped by an error", e);
        } finally {
            loop.endEveryCoroutine();
            acceptor.close();
            Quietly.close(selector);
        }
    }

    /** The hub's state, touched only on the hub thread or by a coroutine holding the baton. */
    private final class HubLoop {

        private final Hub hub;
        private final ByteBuffer scratch = ByteBuffer.allocateDirect(Math.min(settings.bufferBytes(), 64 * 1024));
        private final List<SelectionKey> ready = new ArrayList<>();
        private final long idleNanos = settings.idleTimeout().toNanos();
        private final long sweepEveryNanos =
                Math.clamp(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
        private long nextSweepNanos = System.nanoTime() + sweepEveryNanos;

        HubLoop(Hub hub) {
            this.hub = hub;
        }

        void run() throws IOException {
            while (!finished()) {
                long timeoutMillis = Math.max(1, (nextWakeNanos() - System.nanoTime() + 999_999) / 1_000_000);
                // No coroutine runs while the hub selects: they all wait for a switch. Ready keys are collected
                // first and switched to after, so no coroutine runs inside the selector's own callback either.
                int selected = selector.select(ready::add, timeoutMillis);
                stats.loopPass(selected == 0);
                for (SelectionKey key : ready) {
                    if (key.attachment() instanceof GreenletConnection client) {
                        hub.switchTo(client.coroutine());
                    } else if (key.isValid() && key.isAcceptable()) {
                        acceptor.acceptPending(this::spawn);
                    }
                }
                ready.clear();
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
                coroutines.incrementAndGet();
                client.spawn(coroutines::decrementAndGet);
            } catch (IOException e) {
                connection.fail(e);
            }
        }

        /** Once stopping: closes the listener at once, then waits for the clients until the deadline. */
        private boolean finished() throws IOException {
            if (!stopping) {
                return false;
            }
            if (acceptor.listener().isOpen()) {
                acceptor.close();
                selector.selectNow(); // deregisters the listener: only then does the JDK release the port
            }
            return coroutines.get() == 0 || System.nanoTime() - stopDeadlineNanos >= 0;
        }

        private long nextWakeNanos() {
            long next = idleNanos > 0 ? nextSweepNanos : System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            if (stopping) {
                next = Math.min(next, stopDeadlineNanos);
            }
            if (acceptor.pausedAt(System.nanoTime())) {
                next = Math.min(next, acceptor.resumeAtNanos());
            }
            return next;
        }

        /** Closes the connections silent for the idle timeout (0 = never), and switches in so each coroutine ends. */
        private void sweepIdleConnections() {
            long now = System.nanoTime();
            if (idleNanos == 0 || now - nextSweepNanos < 0) {
                return;
            }
            nextSweepNanos = now + sweepEveryNanos;
            for (SelectionKey key : List.copyOf(selector.keys())) {
                if (key.attachment() instanceof GreenletConnection client
                        && client.connection().isOpen() && client.connection().idleFor(idleNanos, now)) {
                    stats.error(ErrorKind.IDLE_TIMEOUT);
                    endCoroutine(client);
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

        /** At the end: closes every connection left and switches to its coroutine, which wakes closed and ends. */
        void endEveryCoroutine() {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                if (key.attachment() instanceof GreenletConnection client) {
                    endCoroutine(client);
                }
            }
        }

        private void endCoroutine(GreenletConnection client) {
            client.connection().close();
            hub.switchTo(client.coroutine());
        }
    }
}
