package dev.echolab.server;

import java.io.IOException;

/**
 * {@link IoModel#MULTIPLEXING} (what it is, its threads, where it blocks: there): one {@link Reactor} that also
 * accepts.
 */
final class MultiplexingEchoServer extends ServerSkeleton {

    private volatile Reactor<Connection> loop;

    MultiplexingEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        loop = Reactor.acceptingAndServing(context, "loop", acceptor);
        return Reactors.single(acceptor, loop);
    }

    /** The one loop, for tests; null when stopped. */
    Reactor<Connection> loop() {
        return isRunning() ? loop : null;
    }
}
