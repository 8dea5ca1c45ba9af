package dev.echolab.server;

import java.io.IOException;

/**
 * A TCP echo server of one {@link IoModel}: every byte read is written back, in order, on the same connection.
 *
 * <p>Every implementation honours the same contract: bounded buffering per connection, partial writes finished
 * later, half-close (echo what is left, then close), a reset client costs one counted error, max connections
 * (excess refused promptly and counted), idle timeout, accept errors backed off exponentially, and threads named
 * {@code echo-<id>-…}. The contract is written once, in {@link ServerSkeleton}, which every model extends.
 */
public interface EchoServer {

    IoModel model();

    /**
     * Binds {@link ServerSettings#port()} (0 = ephemeral) and starts serving. Has no effect when already running.
     *
     * @throws IOException when the port cannot be bound; the server is then stopped, with nothing left open
     */
    void start() throws IOException;

    /**
     * Closes the listener, lets connections drain for {@link ServerSettings#shutdownGrace()}, then closes every
     * connection and every thread the server owns. The port can be bound again as soon as this returns.
     * Has no effect when already stopped.
     */
    void stop();

    boolean isRunning();

    /** The bound port, or -1 when not running. */
    int port();

    EchoStats stats();

    /** Virtual threads the server holds now (0 for a model on platform threads). */
    int virtualThreads();
}
