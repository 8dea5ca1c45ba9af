package dev.echolab.server;

import java.io.IOException;

/**
 * {@link IoModel#GREENLET} (what it is, its threads, where it blocks: there): greenlets on gevent's hub, the study
 * note's last server. Each client is a {@link Coroutine} ({@link GreenletConnection}) whose echo loop reads as
 * blocking code and that switches back to the hub itself when a read or write would block; the hub switches into
 * whichever coroutine's socket is ready, {@code hub.switchTo(coroutine)}, one at a time: the scheduling decision is
 * made here, in our code. {@link Hub} says why coroutines live on virtual threads; {@link ModelThreads} charges the
 * time they hold the baton to this model.
 */
final class GreenletEchoServer extends ServerSkeleton {

    GreenletEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        try {
            return HubLoop.start(context, acceptor, context.virtualThreads("conn"));
        } catch (IOException e) {
            acceptor.close();
            throw e;
        }
    }
}
