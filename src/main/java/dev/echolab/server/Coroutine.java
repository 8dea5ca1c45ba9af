package dev.echolab.server;

/**
 * A coroutine of the {@code greenlet} model: code that runs only while its {@link Hub} has switched to it, and
 * switches back itself, {@code switchTo(hub)}, when it has to wait (a read or write that would block). Between
 * two switches it runs alone: no lock is needed for anything only the hub and its coroutines touch.
 *
 * <p>It lives on its own virtual thread, parked whenever it does not hold the baton, and carried by its hub's
 * thread when the hub has a {@link HubCarrier}. It never blocks while it holds the baton: a coroutine that blocked
 * would stop the hub and every other coroutine with it.
 */
final class Coroutine {

    /** What a coroutine runs, given itself so that it can switch back to the hub. */
    @FunctionalInterface
    interface Body {
        void run(Coroutine self);
    }

    private final Hub hub;
    private final Body body;
    private Thread thread;
    private volatile boolean dead;
    /** What the body threw, if it ended that way; read by the hub once the baton is back. */
    private Throwable failure;
    /** When this coroutine last took the baton: its carrier's CPU clock, and the wall clock as a fallback. */
    private long heldSinceCpuNanos;

    private long heldSinceNanos;

    Coroutine(Hub hub, Body body) {
        this.hub = hub;
        this.body = body;
    }

    /**
     * Gives the baton back to the hub and waits until the hub switches here again; called by this coroutine only.
     */
    void switchTo(Hub target) {
        if (target != hub) {
            throw new IllegalArgumentException(this + " belongs to " + hub + ", not " + target);
        }
        hub.giveBack(this, heldNanos());
        awaitBaton();
    }

    /** Whether the body has returned (or thrown): switching here does nothing any more. */
    boolean isDead() {
        return dead;
    }

    /** What the body threw as it ended, or null; read by the hub after a switch. */
    Throwable failure() {
        return failure;
    }

    Thread thread() {
        return thread;
    }

    /** Starts the thread that will run this coroutine; it parks at once, until the hub switches here. */
    void startOn(Thread newThread) {
        thread = newThread;
        newThread.start();
    }

    /**
     * The thread's task: wait to be switched to, run the body, give the baton back as it ends. Whatever the body
     * throws, an Error included, is kept for the hub ({@link #failure()}) rather than lost with the thread: the hub
     * cleans up after a coroutine that died.
     */
    void run() {
        awaitBaton();
        try {
            body.run(this);
        } catch (Throwable e) {
            failure = e;
        } finally {
            dead = true;
            hub.giveBack(this, heldNanos());
        }
    }

    private void awaitBaton() {
        hub.awaitBaton(this);
        if (hub.onJdkCarriers()) {
            heldSinceNanos = System.nanoTime();
            heldSinceCpuNanos = CarrierCpuClock.now();
        }
    }

    /**
     * How long this coroutine has run on one of the JDK's carriers since it took the baton: that carrier's CPU time
     * (a virtual thread that never parks stays on one carrier), or wall time where the carrier cannot be told. Zero
     * on the hub's own thread, whose CPU time is the model's already.
     */
    private long heldNanos() {
        if (!hub.onJdkCarriers()) {
            return 0;
        }
        long cpu = heldSinceCpuNanos < 0 ? -1 : CarrierCpuClock.now();
        return cpu >= heldSinceCpuNanos ? cpu - heldSinceCpuNanos : System.nanoTime() - heldSinceNanos;
    }

    @Override
    public String toString() {
        return "coroutine[" + thread.getName() + "]";
    }
}
