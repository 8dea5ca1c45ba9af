package dev.echolab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform threads one server started, and the CPU time they have used. Picked out by name prefix and by being
 * new since just before {@code start()}: another server of the same model in this JVM (a Spring context kept alive
 * by another test class) has threads of the same names, so {@link ModelThreads#sample()} would count it too.
 */
final class ServerThreads {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Set<Thread> threads;

    private ServerThreads(Set<Thread> threads) {
        this.threads = threads;
    }

    /** Starts the server and remembers the threads it started. */
    static ServerThreads start(EchoServer server) throws java.io.IOException {
        Set<Thread> before = named(server.model());
        server.start();
        Set<Thread> mine = new HashSet<>(named(server.model()));
        mine.removeAll(before);
        return new ServerThreads(Set.copyOf(mine));
    }

    int count() {
        return threads.size();
    }

    Set<String> names() {
        return threads.stream().map(Thread::getName).collect(Collectors.toSet());
    }

    boolean anyAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** CPU time used so far by the server's threads that are still alive. */
    long cpuNanos() {
        long total = 0;
        for (Thread thread : threads) {
            total += Math.max(0, MX.getThreadCpuTime(thread.threadId()));
        }
        return total;
    }

    /** CPU time the server's threads use while {@code during} runs, as a fraction of one core. */
    double coreShareDuring(Interruptible during) throws InterruptedException {
        long cpuBefore = cpuNanos();
        long wallBefore = System.nanoTime();
        during.run();
        return (double) (cpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore);
    }

    @FunctionalInterface
    interface Interruptible {
        void run() throws InterruptedException;
    }

    private static Set<Thread> named(IoModel model) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(model.threadPrefix()))
                .collect(Collectors.toSet());
    }
}
