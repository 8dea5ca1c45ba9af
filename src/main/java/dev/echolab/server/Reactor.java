package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread and one {@link Selector} (epoll on Linux): the note's {@code select(rlist, wlist)} loop, serving
 * many connections. A connection is always interested in reading while its queue has room (the note's
 * {@code rlist}) and in writing only while it has bytes pending (the note's {@code wlist}, fed by its dict of
 * data per connection). It may also own a listener: it then accepts too, and hands each client to a
 * {@code handoff} (itself in {@code multiplexing}, the least-loaded IO reactor in {@code multi-reactor}).
 *
 * <p>Thread: one platform thread, named by the caller. It blocks only in {@code select()}, whose timeout also
 * drives the idle sweep and the end of an accept back-off. Other threads talk to it only through
 * {@link #adopt}, {@link #execute}, {@link #closeListener} and {@link #shutDown}, which queue a task or set a flag
 * and wake the selector.
 */
final class Reactor {

    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    /**
     * The JDK's epoll selector has been known to return early with nothing selected, forever, spinning a core
     * (JDK-6670302, https://bugs.openjdk.org/browse/JDK-6670302, and its cousins). Netty counts such selects
     * and rebuilds the selector after SELECTOR_AUTO_REBUILD_THRESHOLD (512) of them in a row
     * (https://github.com/netty/netty/issues/327); so do we.
     */
    static final int REBUILD_AFTER_EMPTY_SELECTS = 512;

    private final ServerContext context;
    private final EchoStats stats;
    private final IdleTimeout idleTimeout;
    private final long sweepEveryNanos;
    private final Acceptance acceptance;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections handed to this reactor and not yet closed; read by other threads to pick the least loaded. */
    private final AtomicInteger connections = new AtomicInteger();

    private volatile Selector selector;
    private volatile boolean shuttingDown;
    private Thread thread;
    private ByteBuffer scratch;
    private long nextSweepNanos;
    private int earlyEmptySelects;

    private Reactor(ServerContext context, Function<Reactor, Acceptance> acceptance) {
        this.context = context;
        this.stats = context.stats();
        this.idleTimeout = context.idleTimeout();
        this.acceptance = acceptance.apply(this);
        // With no idle timeout there is nothing to sweep: wake for nothing but events (and an accept back-off).
        this.sweepEveryNanos = idleTimeout.never() ? Long.MAX_VALUE / 4 : idleTimeout.sweepEveryNanos();
    }

    /** A reactor that serves the connections {@linkplain #adopt handed} to it, on a thread {@code echo-<id>-<name>}. */
    static Reactor serving(ServerContext context, String threadName) throws IOException {
        Reactor reactor = new Reactor(context, self -> Acceptance.NONE);
        reactor.start(threadName);
        return reactor;
    }

    /** A reactor that accepts and serves every connection itself ({@code multiplexing}). */
    static Reactor acceptingAndServing(ServerContext context, String threadName, ChannelAcceptor acceptor)
            throws IOException {
        return accepting(
                context, threadName, new Reactor(context, self -> new Acceptance.Accepting(acceptor, self::adopt)));
    }

    /**
     * A reactor that also accepts: every new connection goes to {@code handoff}, which runs on this reactor's thread
     * and must not block (in {@code multiplexing}, its own {@link #adopt}). On failure the acceptor is closed.
     */
    static Reactor accepting(
            ServerContext context, String threadName, ChannelAcceptor acceptor, Consumer<Connection> handoff)
            throws IOException {
        return accepting(
                context, threadName, new Reactor(context, self -> new Acceptance.Accepting(acceptor, handoff)));
    }

    private static Reactor accepting(ServerContext context, String threadName, Reactor reactor) throws IOException {
        try {
            reactor.start(threadName);
        } catch (IOException e) {
            reactor.acceptance.close(null);
            throw e;
        }
        return reactor;
    }

    private void start(String threadName) throws IOException {
        Selector opened = Selector.open();
        try {
            acceptance.register(opened);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        selector = opened;
        thread = context.startThread(threadName, this::run);
    }

    /**
     * Takes a connection over; any thread, never blocks. Registration happens on this reactor's thread: a
     * {@code register()} from another thread does not wake a blocked {@code select()} (and blocked behind it
     * before JDK 11).
     */
    void adopt(Connection connection) {
        connections.incrementAndGet();
        execute(() -> register(connection));
    }

    /** Runs a task on this reactor's thread, soon; any thread. The task must not block. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    int connections() {
        return connections.get();
    }

    /** Stop, step 1; any thread: closes the listener, if this reactor has one, and goes on serving. */
    void closeListener() {
        // Closed on this thread: the JDK releases the port only once the key is deregistered by a select.
        execute(() -> acceptance.close(selector));
    }

    /** Stop, step 3; any thread: the loop ends soon and closes every connection it still holds. */
    void shutDown() {
        shuttingDown = true;
        selector.wakeup();
    }

    /** Stop, step 4: waits for the loop thread to end, up to {@code deadlineNanos}. */
    void awaitEnd(long deadlineNanos) {
        Quietly.join(thread, deadlineNanos);
    }

    /** Replaces the selector with a fresh one holding the same registrations. Called on this reactor's thread. */
    void rebuildSelector() throws IOException {
        Selector fresh = Selector.open();
        Selector old = selector;
        for (SelectionKey key : old.keys()) {
            if (key.isValid()) {
                int ops = key.interestOps();
                key.cancel();
                key.channel().register(fresh, ops, key.attachment());
            }
        }
        selector = fresh;
        old.close();
        log.info(
                "{}: rebuilt the selector of {}",
                context.model().id(),
                Thread.currentThread().getName());
    }

    private void run() {
        scratch = ByteBuffer.allocateDirect(context.readChunk());
        nextSweepNanos = System.nanoTime() + sweepEveryNanos;
        try {
            loop();
        } catch (IOException | ClosedSelectorException e) {
            log.error(
                    "{}: {} stopped by an error",
                    context.model().id(),
                    Thread.currentThread().getName(),
                    e);
        } finally {
            runTasks(); // connections handed over at the last moment are registered, then closed below
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection connection) {
                    close(connection);
                }
            }
            acceptance.close(selector);
            try {
                selector.close();
            } catch (IOException ignored) {
                // the selector is gone either way
            }
        }
    }

    private void loop() throws IOException {
        while (!shuttingDown) {
            long timeoutMillis = Math.max(1, (nextWakeNanos() - System.nanoTime() + 999_999) / 1_000_000);
            long began = System.nanoTime();
            // select(Consumer) hands over each ready key without filling and draining the selected-key set,
            // which allocates on every event (Netty swaps that set out by reflection for the same reason).
            int selected = selector.select(this::onReady, timeoutMillis);
            boolean ranTasks = runTasks();
            boolean idle = selected == 0 && !ranTasks;
            stats.loopPass(idle);
            guardAgainstEarlyEmptySelects(
                    idle && !shuttingDown && System.nanoTime() - began < TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            sweepIdleConnections();
            acceptance.updateInterest(selector);
        }
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Connection connection) {
            serve(key, connection);
        } else if (key.isAcceptable()) {
            acceptance.acceptPending();
        }
    }

    /** Reads what is readable, writes what is pending, then asks only for the events that can make progress. */
    private void serve(SelectionKey key, Connection connection) {
        try {
            if (key.isReadable()) {
                connection.readAndEcho(scratch);
            }
            // Write at once rather than waiting for OP_WRITE: a socket with room is the common case.
            connection.write();
        } catch (IOException e) {
            fail(connection, e); // closing the channel cancels the key
            return;
        }
        if (connection.finished()) {
            close(connection); // half-closed by the client and everything echoed
            return;
        }
        int ops = (connection.wantsRead() ? SelectionKey.OP_READ : 0)
                | (connection.hasPending() ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void register(Connection connection) {
        try {
            connection.channel().register(selector, SelectionKey.OP_READ, connection);
        } catch (IOException e) {
            fail(connection, e);
        }
    }

    private boolean runTasks() {
        boolean ran = false;
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private long nextWakeNanos() {
        return Math.min(
                nextSweepNanos, acceptance.resumeAtNanos(System.nanoTime()).orElse(Long.MAX_VALUE));
    }

    private void guardAgainstEarlyEmptySelects(boolean returnedEarlyWithNothing) throws IOException {
        earlyEmptySelects = returnedEarlyWithNothing ? earlyEmptySelects + 1 : 0;
        if (earlyEmptySelects >= REBUILD_AFTER_EMPTY_SELECTS) {
            earlyEmptySelects = 0;
            rebuildSelector();
        }
    }

    private void sweepIdleConnections() {
        long now = System.nanoTime();
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + sweepEveryNanos;
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection && connection.idle(idleTimeout, now)) {
                context.countError(ErrorKind.IDLE_TIMEOUT);
                close(connection);
            }
        }
    }

    private void close(Connection connection) {
        if (connection.isOpen()) {
            connection.close();
            connections.decrementAndGet();
        }
    }

    private void fail(Connection connection, IOException e) {
        if (connection.isOpen()) {
            connection.fail(e);
            connections.decrementAndGet();
        }
    }
}
