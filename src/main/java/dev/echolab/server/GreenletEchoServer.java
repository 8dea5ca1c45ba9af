package dev.echolab.server;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link IoModel#GREENLET} (what it is, its threads, where it blocks: there): greenlets on gevent's hub, the study
 * note's last server. Each client is a {@link Coroutine} ({@link GreenletConnection}) whose echo loop reads as
 * blocking code and that switches back to the hub itself when a read or write would block; the hub switches into
 * whichever coroutine's socket is ready, {@code hub.switchTo(coroutine)}, one at a time: the scheduling decision is
 * made here, in our code. {@link Hub} says why coroutines live on virtual threads; {@link ModelThreads} charges the
 * time they hold the baton to this model.
 */
final class GreenletEchoServer extends ServerSkeleton {

    private final ThreadFactory coroutineThreads;
    /** Coroutines alive now (the model's virtual threads): counted as each is spawned and again as it ends. */
    private final AtomicInteger coroutines = new AtomicInteger();

    GreenletEchoServer(ServerContext context) {
        super(context);
        coroutineThreads = Thread.ofVirtual()
                .name(context.model().threadPrefix() + "conn-", 1)
                .factory();
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
