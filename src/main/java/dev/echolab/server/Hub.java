package dev.echolab.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub of the {@code greenlet} model, as in gevent: the one platform thread that owns the event loop and
 * switches into coroutines explicitly, {@code hub.switchTo(coroutine)}, one at a time. A switch passes a baton:
 * exactly one of the hub and its coroutines holds it, and only the holder runs; everyone else is parked in
 * {@link LockSupport#park}. A coroutine gives the baton back with {@link Coroutine#switchTo(Hub)} when its read or
 * write would block, or by ending.
 *
 * <p>Why virtual threads: the JDK's own one-shot continuation ({@code jdk.internal.vm.Continuation}) is what a
 * greenlet is, but it is not exported. A virtual thread parked in {@code LockSupport.park} is the public face of
 * that continuation: it holds a stack and costs a few hundred bytes, not a platform thread. The JDK still picks
 * which carrier thread runs a coroutine; that only one runs at a time, and which one, is decided here.
 *
 * <p>Thread contract: the hub is bound to the thread that creates it; {@link #switchTo} is called on that thread
 * only, while it holds the baton. {@link #batonNanos()} may be read from any thread.
 */
final class Hub {

    private final Thread thread = Thread.currentThread();
    private final ThreadFactory coroutineThreads;
    /** Who runs now: this hub or one of its coroutines. Volatile: passing it publishes everything done before. */
    private volatile Object holder = this;
    /** Wall time coroutines held the baton: they never block while holding it, so this is CPU spent for us. */
    private final LongAdder batonNanos;

    /**
     * A hub for the calling thread, whose coroutines run on threads from {@code coroutineThreads} (virtual), and
     * which adds to {@code batonNanos} the time they hold the baton.
     */
    Hub(ThreadFactory coroutineThreads, LongAdder batonNanos) {
        this.coroutineThreads = coroutineThreads;
        this.batonNanos = batonNanos;
    }

    /**
     * A new coroutine that will run {@code body} the first time the hub switches to it, like
     * {@code greenlet(run)}. It does not run yet.
     */
    Coroutine spawn(Coroutine.Body body) {
        Coroutine coroutine = new Coroutine(this, body);
        coroutine.startOn(coroutineThreads.newThread(coroutine::run));
        return coroutine;
    }

    /**
     * Runs {@code coroutine} until it switches back to the hub or ends; the hub is parked meanwhile. Switching to
     * an ended coroutine returns at once.
     */
    void switchTo(Coroutine coroutine) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("only " + thread.getName() + " switches to coroutines of " + this);
        }
        requireHolder(this);
        if (coroutine.isDead()) {
            return;
        }
        pass(coroutine, coroutine.thread());
        awaitBaton(this);
    }

    /** Carrier CPU nanoseconds coroutines have used while holding the baton (with whatever the adder held before). */
    long batonNanos() {
        return batonNanos.sum();
    }

    /** Hands the baton to the hub; called by the coroutine that holds it, as it switches back or ends. */
    void giveBack(Coroutine from, long heldNanos) {
        requireHolder(from);
        batonNanos.add(heldNanos);
        pass(this, thread);
    }

    /** Parks the calling thread until {@code who} holds the baton. */
    void awaitBaton(Object who) {
        while (holder != who) {
            LockSupport.park(this);
        }
    }

    void requireHolder(Object who) {
        if (holder != who) {
            throw new IllegalStateException(who + " switched without holding the baton (" + holder + " does)");
        }
    }

    private void pass(Object to, Thread toThread) {
        holder = to;
        LockSupport.unpark(toThread);
    }

    @Override
    public String toString() {
        return "hub[" + thread.getName() + "]";
    }
}
