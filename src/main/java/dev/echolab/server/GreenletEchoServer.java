package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code greenlet}: the study note's last server, greenlets on gevent's hub. A hub thread runs a
 * {@link java.nio.channels.Selector}; each client is a {@link Coroutine} ({@link GreenletConnection}) whose echo loop
 * reads as blocking code and that switches back to the hub itself when a read or write would block. The hub
 * switches into whichever coroutine's socket is ready, {@code hub.switchTo(coroutine)}, one at a time: the
 * scheduling decision is made here, in our code, and exactly one of the hub and its coroutines runs at any moment.
 *
 * <p>Threads: {@code echo-greenlet-hub}, a platform thread ({@link HubLoop}), blocks in {@code select()} and nowhere
 * else; each coroutine lives on a virtual thread ({@code echo-greenlet-conn-N}) that is parked unless it holds the
 * baton ({@link Hub} says why virtual threads). The model's CPU time is the hub's plus the time its coroutines held
 * the baton; {@link ModelThreads} takes the latter out of the carriers' figure credited to {@code virtual-threads}.
 */
final class GreenletEchoServer extends ServerSkeleton {

    private final ThreadFactory coroutineThreads = Thread.ofVirtual()
            .name(IoModel.GREENLET.threadPrefix() + "conn-", 1)
            .factory();
    /** Coroutines alive now (the model's virtual threads): counted as each is spawned and again as it ends. */
    private final AtomicInteger coroutines = new AtomicInteger();

    GreenletEchoServer(ServerSettings settings, EchoStats stats) {
        super(IoModel.GREENLET, settings, stats);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        try {
            return HubLoop.start(context, acceptor, coroutineThreads, coroutines);
        } catch (IOException e) {
            acceptor.close();
            throw e;
        }
    }

    @Override
    public int virtualThreads() {
        return coroutines.get();
    }
}
