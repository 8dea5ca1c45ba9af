package dev.echolab.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code multi-reactor}: not in the note, but where its {@code select} server leads (Netty, Redis 6, memcached).
 * One acceptor thread takes clients from the backlog and hands each to the IO reactor that holds the fewest
 * connections; every IO reactor is the {@code multiplexing} loop on its own thread and its own
 * {@link java.nio.channels.Selector}, so the event loop scales across cores. A connection stays on its reactor
 * for life: no locks on the IO path.
 *
 * <p>Threads: {@code echo-multi-reactor-accept} (a {@link Reactor} with a listener and no connections) and
 * {@code echo-multi-reactor-io-N}, {@code echo.servers.multi-reactor.threads} of them (cores by default). Each
 * blocks only in {@code select()}. The hand-over is a task queue plus {@code Selector.wakeup()}: the acceptor
 * never touches another reactor's selector, registration happens on the reactor's own thread.
 */
final class MultiReactorEchoServer implements EchoServer {

    private final ServerSettings settings;
    private final EchoStats stats;
    private ChannelAcceptor acceptor;
    private Reactor acceptLoop;
    private List<Reactor> ioReactors = List.of();

    MultiReactorEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public IoModel model() {
        return IoModel.MULTI_REACTOR;
    }

    @Override
    public synchronized void start() throws IOException {
        if (acceptLoop != null) {
            return;
        }
        ChannelAcceptor newAcceptor = ChannelAcceptor.bind(IoModel.MULTI_REACTOR, settings, stats);
        List<Reactor> reactors = new ArrayList<>();
        Reactor accepting = new Reactor(IoModel.MULTI_REACTOR, settings, stats);
        try {
            for (int i = 1; i <= settings.threads(); i++) {
                Reactor reactor = new Reactor(IoModel.MULTI_REACTOR, settings, stats);
                reactor.start("io-" + i, null, null);
                reactors.add(reactor);
            }
            // Called on the acceptor's thread; adopt() only queues, so it never blocks.
            accepting.start("accept", newAcceptor, connection -> leastLoaded(reactors).adopt(connection));
        } catch (IOException e) {
            newAcceptor.close();
            stopAll(reactors, System.nanoTime());
            throw e;
        }
        acceptor = newAcceptor;
        acceptLoop = accepting;
        ioReactors = List.copyOf(reactors);
    }

    @Override
    public synchronized void stop() {
        if (acceptLoop == null) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        // Acceptor first: it closes the listener, so no connection arrives at a reactor that is draining.
        acceptLoop.requestStop(deadline);
        acceptLoop.awaitStopped();
        stopAll(ioReactors, deadline);
        acceptLoop = null;
        acceptor = null;
        ioReactors = List.of();
    }

    @Override
    public synchronized boolean isRunning() {
        return acceptLoop != null;
    }

    @Override
    public synchronized int port() {
        return acceptLoop == null ? -1 : acceptor.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    /** Open connections per IO reactor, in reactor order (io-1 first); empty when stopped. For tests. */
    synchronized int[] connectionsPerReactor() {
        return ioReactors.stream().mapToInt(Reactor::connections).toArray();
    }

    private static Reactor leastLoaded(List<Reactor> reactors) {
        return reactors.stream().min(Comparator.comparingInt(Reactor::connections)).orElseThrow();
    }

    /** Reactors drain in parallel, so stopping takes one grace period, not one per reactor. */
    private static void stopAll(List<Reactor> reactors, long deadline) {
        reactors.forEach(r -> r.requestStop(deadline));
        reactors.forEach(Reactor::awaitStopped);
    }
}
