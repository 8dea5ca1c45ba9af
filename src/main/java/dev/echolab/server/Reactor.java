package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread and one {@link Selector} (epoll on Linux): the note's {@code select(rlist, wlist)} loop, serving
 * many connections. It owns what every selector loop shares: the select and its timeout, the task queue other
 * threads talk to it through, the idle sweep, the accept back-off, the listener's close and the selector's rebuild.
 * What it does with a ready connection is its {@link Service}'s: serve it inline ({@link InlineEcho}:
 * {@code multiplexing}, {@code multi-reactor}) or switch to the connection's coroutine ({@code greenlet}). It may
 * also own a listener: it then accepts too, and hands each client to a {@code handoff} (itself in
 * {@code multiplexing} and {@code greenlet}, the least-loaded IO reactor in {@code multi-reactor}).
 *
 * <p>Its two seams are its size: {@link Service} (what to do with a ready connection, how to end one) and
 * {@link Acceptance} (whether it accepts); the loop between them is one piece.
 *
 * <p>Thread: one platform thread, named by the caller. It blocks only in {@code select()}, whose timeout also
 * drives the idle sweep and the end of an accept back-off (and, under a service that switches, while a coroutine
 * runs). Other threads talk to it only through {@link #adopt}, {@link #execute}, {@link #closeListener} and
 * {@link #shutDown}, which queue a task or set a flag and wake the selector.
 *
 * @param <A> what the service attaches to a connection's key
 */
final class Reactor<A> {

    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    /**
     * The JDK's epoll selector has been known to return early with nothing selected, forever, spinning a core
     * (JDK-6670302, https://bugs.openjdk.org/browse/JDK-6670302, and its cousins). Netty counts such selects
     * and rebuilds the selector after SELECTOR_AUTO_REBUILD_THRESHOLD (512) of them in a row
     * (https://github.com/netty/netty/issues/327); so do we.
     */
    static final int REBUILD_AFTER_EMPTY_SELECTS = 512;

    /**
     * What a reactor does with the connections it holds: the seam between the loop and a model. Every method is
     * called on the reactor's thread.
     *
     * @param <A> what it attaches to a connection's key
     */
    interface Service<A> {

        /**
         * A connection just handed over, registered for reads under {@code key}: what to attach to the key, or null
         * when the service could not take it (it has then closed the connection, and counted why).
         */
        A attach(Connection connection, SelectionKey key);

        /** The connection's key is ready: make what progress it can, without blocking. */
        void ready(SelectionKey key, A attachment);

        Connection connection(A attachment);

        /** Ends a connection for good (idle, shutdown): closes it, and lets whatever serves it end. */
        void end(A attachment);

        /** The selector was rebuilt: the connection's key is now {@code key}. */
        default void rekeyed(A attachment, SelectionKey key) {}
    }

    private final ServerContext context;
    private final EchoStats stats;
    private final IdleTimeout idleTimeout;
    private final long sweepEveryNanos;
    private final Supplier<Service<A>> services;
    private final Acceptance acceptance;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<SelectionKey> ready = new ArrayList<>();
    /** Connections handed to this reactor and not yet closed; read by other threads to pick the least loaded. */
    private final AtomicInteger connections = new AtomicInteger();

    private volatile Selector selector;
    private volatile boolean shuttingDown;
    private Thread thread;
    private Service<A> service;
    private long nextSweepNanos;
    private int earlyEmptySelects;

    private Reactor(ServerContext context, Supplier<Service<A>> services, Function<Reactor<A>, Acceptance> acceptance) {
        this.context = context;
        this.stats = context.stats();
        this.idleTimeout = context.idleTimeout();
        this.services = services;
        this.acceptance = acceptance.apply(this);
        // With no idle timeout there is nothing to sweep: wake for nothing but events (and an accept back-off).
        this.sweepEveryNanos = idleTimeout.never() ? Long.MAX_VALUE / 4 : idleTimeout.sweepEveryNanos();
    }

    /** A reactor that echoes the connections {@linkplain #adopt handed} to it, on a thread {@code echo-<id>-<name>}. */
    static Reactor<Connection> serving(ServerContext context, String threadName) throws IOException {
        Reactor<Connection> reactor = new Reactor<>(context, () -> new InlineEcho(context), self -> Acceptance.NONE);
        reactor.start(threadName);
        return reactor;
    }

    /** A reactor that accepts and echoes every connection itself ({@code multiplexing}). */
    static Reactor<Connection> acceptingAndServing(ServerContext context, String threadName, ChannelAcceptor acceptor)
            throws IOException {
        return acceptingAndServing(context, threadName, acceptor, () -> new InlineEcho(context));
    }

    /**
     * A reactor that accepts and serves every connection itself through the service {@code services} makes on its
     * thread ({@code greenlet}'s hub, which must be made on the thread it switches from). On failure the acceptor is
     * closed.
     */
    static <A> Reactor<A> acceptingAndServing(
            ServerContext context, String threadName, ChannelAcceptor acceptor, Supplier<Service<A>> services)
            throws IOException {
        return accepting(
                threadName, new Reactor<>(context, services, self -> new Acceptance.Accepting(acceptor, self::adopt)));
    }

    /**
     * A reactor that only accepts: every new connection goes to {@code handoff}, which runs on this reactor's thread
     * and must not block ({@code multi-reactor}'s acceptor). On failure the acceptor is closed.
     */
    static Reactor<Connection> accepting(
            ServerContext context, String threadName, ChannelAcceptor acceptor, Consumer<Connection> handoff)
            throws IOException {
        return accepting(
                threadName,
                new Reactor<>(
                        context, () -> new InlineEcho(context), self -> new Acceptance.Accepting(acceptor, handoff)));
    }

    private static <A> Reactor<A> accepting(String threadName, Reactor<A> reactor) throws IOException {
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
        // Whoever closes it (this loop, a coroutine, a stop), it leaves this reactor's count once.
        connection.onClose(connections::decrementAndGet);
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

    /** Stop, step 3; any thread: the loop ends soon and ends every connection it still holds. */
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
                Object attachment = key.attachment();
                key.cancel();
                SelectionKey moved = key.channel().register(fresh, ops, attachment);
                if (isConnection(moved)) {
                    service.rekeyed(attachmentOf(moved), moved);
                }
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
        nextSweepNanos = System.nanoTime() + sweepEveryNanos;
        try {
            service = services.get();
            loop();
        } catch (IOException | ClosedSelectorException e) {
            log.error(
                    "{}: {} stopped by an error",
                    context.model().id(),
                    Thread.currentThread().getName(),
                    e);
        } finally {
            if (service != null) {
                runTasks(); // connections handed over at the last moment are registered, then ended below
                for (SelectionKey key : List.copyOf(selector.keys())) {
                    if (isConnection(key)) {
                        service.end(attachmentOf(key));
                    }
                }
            }
            acceptance.close(selector);
            Quietly.close(selector);
        }
    }

    private void loop() throws IOException {
        while (!shuttingDown) {
            long timeoutMillis = Math.max(1, (nextWakeNanos() - System.nanoTime() + 999_999) / 1_000_000);
            long began = System.nanoTime();
            // Ready keys are collected, then served: a service may switch to a coroutine, which must not run inside
            // the selector's own callback. select(Consumer) hands them over without filling and draining the
            // selected-key set, which allocates on every event (Netty swaps that set out by reflection for the
            // same reason); the list is reused.
            int selected = selector.select(ready::add, timeoutMillis);
            for (SelectionKey key : ready) {
                onReady(key);
            }
            ready.clear();
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
            return; // closed by a connection served before it in this pass
        }
        if (isConnection(key)) {
            service.ready(key, attachmentOf(key));
        } else if (key.isAcceptable()) {
            acceptance.acceptPending();
        }
    }

    private void register(Connection connection) {
        try {
            SelectionKey key = connection.channel().register(selector, SelectionKey.OP_READ);
            A attachment = service.attach(connection, key);
            if (attachment != null) {
                key.attach(attachment);
            }
        } catch (IOException e) {
            connection.fail(e);
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
        // A copy: ending a connection may run its coroutine, which may change what the selector holds.
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (isConnection(key)) {
                A attachment = attachmentOf(key);
                Connection connection = service.connection(attachment);
                if (connection.isOpen() && connection.idle(idleTimeout, now)) {
                    context.countError(ErrorKind.IDLE_TIMEOUT);
                    service.end(attachment);
                }
            }
        }
    }

    /** A key of a connection the service took (the listener's key, and a key not yet attached, are not). */
    private static boolean isConnection(SelectionKey key) {
        return !(key.channel() instanceof ServerSocketChannel) && key.attachment() != null;
    }

    @SuppressWarnings("unchecked") // every connection key carries what this reactor's service attached
    private A attachmentOf(SelectionKey key) {
        return (A) key.attachment();
    }
}
