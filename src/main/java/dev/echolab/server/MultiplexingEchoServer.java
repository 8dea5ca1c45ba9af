package dev.echolab.server;

import java.io.IOException;

/**
 * {@code multiplexing}: the note's {@code select} server (docs/the-note.md). One thread asks the OS which of all its
 * sockets are ready ({@link java.nio.channels.Selector}, epoll on Linux) and only then reads, writes or accepts, so it
 * serves thousands of clients without polling them one by one. Bytes waiting to be echoed are kept per connection (the
 * note's dict of data per connection), and the loop asks for write readiness only while some are pending; a connection
 * whose pending bytes reach {@code bufferBytes} is not read until they drain.
 *
 * <p>Threads: {@code echo-multiplexing-loop}, one platform thread for everything (a {@link Reactor} that also
 * accepts). It blocks only in {@code select()}.
 */
final class MultiplexingEchoServer implements EchoServer {

    private final ServerSettings settings;
    private final EchoStats stats;
    private ChannelAcceptor acceptor;
    private Reactor loop;

    MultiplexingEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public IoModel model() {
        return IoModel.MULTIPLEXING;
    }

    @Override
    public synchronized void start() throws IOException {
        if (loop != null) {
            return;
        }
        ChannelAcceptor newAcceptor = ChannelAcceptor.bind(IoModel.MULTIPLEXING, settings, stats);
        Reactor newLoop = new Reactor(IoModel.MULTIPLEXING, settings, stats);
        try {
            newLoop.start("loop", newAcceptor, newLoop::adopt);
        } catch (IOException e) {
            newAcceptor.close();
            throw e;
        }
        acceptor = newAcceptor;
        loop = newLoop;
    }

    @Override
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        // The loop closes the listener first, then drains; it closes what is left at the deadline.
        loop.requestStop(System.nanoTime() + settings.shutdownGrace().toNanos());
        loop.awaitStopped();
        loop = null;
        acceptor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }

    @Override
    public synchronized int port() {
        return loop == null ? -1 : acceptor.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    /** The one loop, for tests; null when stopped. */
    synchronized Reactor loop() {
        return loop;
    }
}
