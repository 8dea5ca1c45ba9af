package dev.echolab.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub of the {@code greenlet} model, as in gevent: the one platform thread that owns the event loop and
 * switches into coroutines explicitly, {@code hub.switchTo(coroutine)}, one at a time. A switch passes a baton:
 * exactly one of the hub and its coroutines holds it, and only the holder runs; every coroutine without it is
 * parked in {@link LockSupport#park}. A coroutine gives the baton back with {@link Coroutine#switchTo(Hub)} when its
 * read or write would block, or by ending.
 *
 * <p>Why virtual threads: the JDK's own one-shot continuation ({@code jdk.internal.vm.Continuation}) is what a
 * greenlet is, but it is not exported. A virtual thread is that continuation with a public face: parked, it holds
 * a stack and costs a few hundred bytes, not a platform thread. Given a {@link HubCarrier}, its coroutines' only
 * carrier is the hub's own thread: a switch unparks the coroutine, which queues its continuation on the carrier,
 * and the hub runs it there, until the coroutine parks again and the hub's code goes on. Nothing else wakes, and
 * the hub's thread's CPU time is all the model's. Without one (the JDK does not open its scheduler constructor to
 * us) coroutines run on the JDK's carriers, the hub parks until the baton is back, and each switch wakes two
 * threads; their carrier time is then reported to {@code batonNanos}.
 *
 * <p>Thread contract: the hub is bound to the thread that creates it; {@link #spawn} and {@link #switchTo} are
 * called on that thread only, while it holds the baton. {@link #batonNanos()} may be read from any thread.
 */
final class Hub {

    private final Thread thread = Thread.currentThread();
    private final ThreadFactory coroutineThreads;
    /** The carrier of every coroutine, this hub's thread; null when they run on the JDK's carriers. */
    private final HubCarrier carrier;
    /** Who runs now: this hub or one of its coroutines. Volatile: passing it publishes everything done before. */
    private volatile Object holder = this;
    /** CPU time coroutines held the baton on the JDK's carriers: they never block while holding it. */
    private final LongAdder batonNanos;

    /**
     * A hub for the calling thread, whose coroutines run on threads from {@code coroutineThreads}: virtual threads
     * carried by {@code carrier} (then bound to this thread), or, with a null carrier, by the JDK's carriers,
     * whose CPU time they add to {@code batonNanos} while holding the baton.
     */
    Hub(ThreadFactory coroutineThreads, HubCarrier carrier, LongAdder batonNanos) {
        this.coroutineThreads = coroutineThreads;
        this.carrier = carrier;
        this.batonNanos = batonNanos;
        if (carrier != null) {
            carrier.bindTo(thread);
        }
    }

    /**
     * A new coroutine that will run {@code body} the first time the hub switches to it, like
     * {@code greenlet(run)}. Its thread starts and parks at once, waiting for the baton; its body does not run yet.
     */
    Coroutine spawn(Coroutine.Body body) {
        requireHubThread();
        Coroutine coroutine = new Coroutine(this, body);
        coroutine.startOn(coroutineThreads.newThread(coroutine::run));
        if (carrier != null) {
            // Started on this thread's carrier: run it up to its first wait, as the JDK's carriers would at once.
            while (carrier.runOne()) {
                // each queued continuation runs until it parks
            }
        }
        return coroutine;
    }

    /**
     * Runs {@code coroutine} until it switches back to the hub or ends; on the hub's thread when the hub is its
     * carrier, else with the hub parked meanwhile. Switching to an ended coroutine returns at once.
     */
    void switchTo(Coroutine coroutine) {
        requireHubThread();
        requireHolder(this);
        if (coroutine.isDead()) {
            return;
        }
        holder = coroutine;
        LockSupport.unpark(coroutine.thread()); // on our carrier: queues its continuation, for the loop below
        while (holder != this) {
            // A coroutine may park for something other than the baton (a lock it waits on) and be queued again
            // from another thread, which then wakes us: the baton is back only once it has switched.
            if (carrier == null || !carrier.runOne()) {
                LockSupport.park(this);
            }
        }
    }

    /** Whether coroutines run on the JDK's carriers, and so report the CPU time they hold the baton. */
    boolean onJdkCarriers() {
        return carrier == null;
    }

    /** CPU nanoseconds coroutines have used of the JDK's carriers holding the baton (plus what the adder held). */
    long batonNanos() {
        return batonNanos.sum();
    }

    /** Hands the baton to the hub; called by the coroutine that holds it, as it switches back or ends. */
    void giveBack(Coroutine from, long heldNanos) {
        requireHolder(from);
        holder = this;
        if (carrier == null) {
            batonNanos.add(heldNanos);
            LockSupport.unpark(thread);
        } // else the hub's thread carries the caller: it goes on as soon as the caller parks
    }

    /** Parks the calling coroutine until it holds the baton. */
    void awaitBaton(Coroutine who) {
        while (holder != who) {
            LockSupport.park(this);
        }
    }

    void requireHolder(Object who) {
        if (holder != who) {
            throw new IllegalStateException(who + " switched without holding the baton (" + holder + " does)");
        }
    }

    private void requireHubThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("only " + thread.getName() + " switches to coroutines of " + this);
        }
    }

    @Override
    public String toString() {
        return "hub[" + thread.getName() + "]";
    }
}
