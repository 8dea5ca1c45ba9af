package dev.echolab.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link IoModel#MULTI_REACTOR} (what it is, its threads, where it blocks: there): an accepting {@link Reactor}
 * that serves no connection, and {@code settings.threads()} IO reactors. A connection stays on its reactor for
 * life: no locks on the IO path. The hand-over is a task queue plus {@code Selector.wakeup()}: the acceptor never
 * touches another reactor's selector, registration happens on the reactor's own thread.
 */
final class MultiReactorEchoServer extends ServerSkeleton {

    private volatile List<Reactor<Connection>> ioReactors = List.of();

    MultiReactorEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        List<Reactor<Connection>> io = new ArrayList<>();
        Reactor<Connection> accepting;
        try {
            for (int i = 1; i <= context.settings().threads(); i++) {
                io.add(Reactor.serving(context, "io-" + i));
            }
            // Called on the acceptor's thread; adopt() only queues, so it never blocks.
            accepting = Reactor.accepting(
                    context, "accept", acceptor, c -> leastLoaded(io).adopt(c));
        } catch (IOException e) {
            acceptor.close();
            io.forEach(Reactor::shutDown);
            throw e;
        }
        ioReactors = List.copyOf(io);
        List<Reactor<?>> all = new ArrayList<>(io);
        all.addFirst(accepting);
        return new Reactors(acceptor, accepting, List.copyOf(all));
    }

    /** Open connections per IO reactor, in reactor order (io-1 first); empty when stopped. For tests. */
    int[] connectionsPerReactor() {
        return isRunning() ? ioReactors.stream().mapToInt(Reactor::connections).toArray() : new int[0];
    }

    private static Reactor<Connection> leastLoaded(List<Reactor<Connection>> reactors) {
        return reactors.stream()
                .min(Comparator.comparingInt(Reactor::connections))
                .orElseThrow();
    }
}
