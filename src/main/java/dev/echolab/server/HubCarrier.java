package dev.echolab.server;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler of the {@code greenlet} model's coroutines: it makes its hub's platform thread their only carrier,
 * so that a switch is what a greenlet's is, a continuation run on the thread that switches, and no other thread
 * ever wakes. A virtual thread's scheduler runs its continuation each time it is started or unparked; this one
 * queues it, and the hub runs it ({@link #runOne()}) when it switches: the coroutine then runs on the hub's thread
 * until it parks, and the hub's code goes on from where it ran it. A switch costs a continuation's mount and
 * yield and two volatile writes, not two trips through the OS scheduler.
 *
 * <p>The JDK takes a scheduler for virtual threads only through a constructor it keeps for its own tests
 * ({@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}): reachable with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which the jar's manifest, the tests and the benchmarks pass.
 * Without it {@link #virtualThreads} is empty and the coroutines run on the JDK's own carriers, as they did before.
 *
 * <p>Thread contract: {@link #execute} from any thread (a coroutine unparked by something other than its hub, a
 * lock it waited on, is queued and its hub woken); {@link #runOne()} only on the thread it is {@link #bindTo bound
 * to}.
 */
final class HubCarrier implements Executor {

    /** Where to ask for a scheduler of our own, or null where the JDK does not let us (java.lang not open). */
    private static final Constructor<?> VIRTUAL_THREAD_BUILDER = virtualThreadBuilder();

    /** Continuations queued by the hub's thread itself, the switch's own path: no lock, no allocation per entry. */
    private final Queue<Runnable> fromHub = new ArrayDeque<>();
    /** Continuations queued by any other thread. */
    private final Queue<Runnable> fromElsewhere = new ConcurrentLinkedQueue<>();

    private volatile Thread thread;

    /**
     * A builder of virtual threads carried by {@code carrier}, or empty where the JDK does not give one (no
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or a JDK without that constructor).
     */
    static Optional<Thread.Builder.OfVirtual> virtualThreads(HubCarrier carrier) {
        if (VIRTUAL_THREAD_BUILDER == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Thread.Builder.OfVirtual) VIRTUAL_THREAD_BUILDER.newInstance(carrier));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** From now on, the continuations this carrier is given run on {@code hubThread}, when it asks. */
    void bindTo(Thread hubThread) {
        thread = hubThread;
    }

    @Override
    public void execute(Runnable continuation) {
        if (Thread.currentThread() == thread) {
            fromHub.add(continuation);
        } else {
            fromElsewhere.add(continuation);
            LockSupport.unpark(thread);
        }
    }

    /**
     * Runs one queued continuation on the calling thread, the hub's: its coroutine runs until it parks or ends.
     * Returns false when none was queued.
     */
    boolean runOne() {
        Runnable next = fromHub.poll();
        if (next == null) {
            next = fromElsewhere.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    private static Constructor<?> virtualThreadBuilder() {
        try {
            Constructor<?> constructor = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // InaccessibleObjectException: java.lang is not open to us
        }
    }
}
