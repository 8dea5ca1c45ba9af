package dev.echolab.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Netty transports the Netty-based models run on: what differs between {@code netty} and {@code io-uring} is
 * only this. A native transport is available when its library loads and the kernel lets it work (Netty decides
 * once per JVM; {@code -Dio.netty.transport.noNative=true} turns every native one off).
 */
enum NettyTransport {

    /** Linux's readiness interface through Netty's own JNI, not the JDK's Selector. */
    EPOLL("epoll", Epoll::unavailabilityCause, EpollIoHandler::newFactory, EpollServerSocketChannel.class),
    /** Linux 5.1+: reads and writes submitted to a queue shared with the kernel, completions from another. */
    IO_URING("io_uring", IoUring::unavailabilityCause, IoUringIoHandler::newFactory, IoUringServerSocketChannel.class),
    /** The JDK's Selector: everywhere. */
    NIO("nio", () -> null, NioIoHandler::newFactory, NioServerSocketChannel.class);

    private final String id;
    private final Supplier<Throwable> unavailabilityCause;
    private final Supplier<IoHandlerFactory> ioHandler;
    private final Class<? extends ServerChannel> serverChannel;

    NettyTransport(
            String id,
            Supplier<Throwable> unavailabilityCause,
            Supplier<IoHandlerFactory> ioHandler,
            Class<? extends ServerChannel> serverChannel) {
        this.id = id;
        this.unavailabilityCause = unavailabilityCause;
        this.ioHandler = ioHandler;
        this.serverChannel = serverChannel;
    }

    /** What the {@code netty} model runs on: native epoll where it loads, else NIO. */
    static NettyTransport epollOrNio() {
        return EPOLL.unavailability().isEmpty() ? EPOLL : NIO;
    }

    /** {@code epoll}, {@code io_uring} or {@code nio}: shown by the API and the console. */
    String id() {
        return id;
    }

    /** Why this transport cannot run here (Netty's own reason), or empty when it can. */
    Optional<String> unavailability() {
        Throwable cause = unavailabilityCause.get();
        if (cause == null) {
            return Optional.empty();
        }
        String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return Optional.of(id + " is not available on this machine: " + why);
    }

    IoHandlerFactory ioHandler() {
        return ioHandler.get();
    }

    Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }
}
