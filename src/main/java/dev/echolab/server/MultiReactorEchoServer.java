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
final class MultiReactorEchoServer extends ServerSkeleton {

    private volatile List<Reactor> ioReactors = List.of();

    MultiReactorEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.MULTI_REACTOR, settings, stats);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        List<Reactor> io = new ArrayList<>();
        Reactor accepting;
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
        List<Reactor> all = new ArrayList<>(io);
        all.addFirst(accepting);
        return new Reactors(acceptor, accepting, List.copyOf(all));
    }

    /** Open connections per IO reactor, in reactor order (io-1 first); empty when stopped. For tests. */
    int[] connectionsPerReactor() {
        return isRunning() ? ioReactors.stream().mapToInt(Reactor::connections).toArray() : new int[0];
    }

    private static Reactor leastLoaded(List<Reactor> reactors) {
        return reactors.stream()
                .min(Comparator.comparingInt(Reactor::connections))
                .orElseThrow();
    }
}
