package dev.echolab.server;

import java.io.IOException;

/**
 * {@link IoModel#BLOCKING} (what it is, its threads, where it blocks: there). It serves on the accepting thread
 * itself, so at most one connection is served at a time and {@code maxConnections} can never be reached; the idle
 * timeout is what frees the server from a silent client.
 */
final class BlockingEchoServer extends ServerSkeleton {

    BlockingEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        // The connection runs on the accepting thread itself: that is the whole lesson of this model.
        return BlockingListener.open(context, "loop", Runnable::run);
    }
}
