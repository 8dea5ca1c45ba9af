package dev.echolab.server;

import java.util.List;

/**
 * One life of a server built on {@link Reactor}s: the listener, the reactor that accepts from it, and every
 * reactor to stop (the accepting one included). Stopping closes the listener on the accepting reactor, lets all
 * of them serve through the drain, then shuts them down together, so stopping takes one grace, not one per reactor.
 */
record Reactors(ChannelAcceptor acceptor, Reactor<?> accepting, List<Reactor<?>> all)
        implements ServerSkeleton.Listening {

    /** {@code multiplexing}, {@code greenlet}: one reactor that accepts and serves. */
    static Reactors single(ChannelAcceptor acceptor, Reactor<?> loop) {
        return new Reactors(acceptor, loop, List.of(loop));
    }

    @Override
    public int port() {
        return acceptor.port();
    }

    @Override
    public void closeListener() {
        accepting.closeListener();
    }

    @Override
    public void closeConnections() {
        all.forEach(Reactor::shutDown);
    }

    @Override
    public void awaitThreadsEnd(long deadlineNanos) {
        all.forEach(reactor -> reactor.awaitEnd(deadlineNanos));
    }
}
