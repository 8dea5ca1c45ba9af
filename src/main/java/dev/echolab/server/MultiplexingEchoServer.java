package dev.echolab.server;

import java.io.IOException;

/**
 * {@code multiplexing}: the study note's {@code select} server. One thread asks the OS which of all its sockets
 * are ready ({@link java.nio.channels.Selector}, epoll on Linux) and only then reads, writes or accepts, so it
 * serves thousands of clients without polling them one by one. Bytes waiting to be echoed are kept per
 * connection (the note's dict of data per connection), and the loop asks for write readiness only while some
 * are pending; a connection whose pending bytes reach {@code bufferBytes} is not read until they drain.
 *
 * <p>Threads: {@code echo-multiplexing-loop}, one platform thread for everything (a {@link Reactor} that also
 * accepts). It blocks only in {@code select()}.
 */
final class MultiplexingEchoServer extends ServerSkeleton {

    private volatile Reactor loop;

    MultiplexingEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.MULTIPLEXING, settings, stats);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        loop = Reactor.acceptingAndServing(context, "loop", acceptor);
        return Reactors.single(acceptor, loop);
    }

    /** The one loop, for tests; null when stopped. */
    Reactor loop() {
        return isRunning() ? loop : null;
    }
}
