package dev.echolab.server;

import dev.echolab.server.EchoStats.RejectReason;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code netty}: the industrial reference the hand-written models are measured against, written the way Netty's own
 * echo example reads. A boss event loop accepts and hands each channel to one of N worker event loops, which read,
 * write back and flush; the native epoll transport when it loads, NIO otherwise ({@link #transport()}).
 *
 * <p>Threads: {@code echo-netty-boss-…} (one) and {@code echo-netty-worker-…} ({@code settings.threads()}); each
 * waits in {@code epoll_wait} (or {@code Selector.select()}) and never blocks in a read or a write. Bounded
 * buffering: once a channel holds more unsent bytes than its high-water mark ({@code bufferBytes}) it turns
 * unwritable and we stop reading it (auto-read off) until it drains below half of that. After a failed accept the
 * server channel stops accepting for {@link AcceptBackoff}'s doubling pause, in place of Netty's fixed second.
 */
final class NettyEchoServer implements EchoServer {

    private static final Logger log = LoggerFactory.getLogger(NettyEchoServer.class);

    private final ServerSettings settings;
    private final EchoStats stats;
    private final boolean epoll = Epoll.isAvailable();
    private final AtomicInteger connections = new AtomicInteger();

    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ChannelGroup children;
    private Channel serverChannel;
    /** Set while stop() closes connections: the errors that causes are not the clients'. */
    private volatile boolean closedByStop;

    NettyEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public IoModel model() {
        return IoModel.NETTY;
    }

    /** {@code epoll} (Netty's native transport) or {@code nio} (the JDK's Selector), whichever this machine runs. */
    String transport() {
        return epoll ? "epoll" : "nio";
    }

    @Override
    public synchronized void start() throws IOException {
        if (serverChannel != null) {
            return;
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup newBoss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("echo-netty-boss"), io);
        EventLoopGroup newWorkers = new MultiThreadIoEventLoopGroup(settings.threads(),
                new DefaultThreadFactory("echo-netty-worker"), io);
        ChannelGroup newChildren = new DefaultChannelGroup("echo-netty", newBoss.next());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(newBoss, newWorkers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new BackOffAfterFailedAccept())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.bufferBytes() / 2, settings.bufferBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        admit(channel, newChildren);
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutDown(newBoss, newWorkers);
            throw bound.cause() instanceof IOException e ? e : new IOException(bound.cause());
        }
        boss = newBoss;
        workers = newWorkers;
        children = newChildren;
        serverChannel = bound.channel();
        log.info("netty: {} transport{}", transport(),
                epoll ? "" : " (native epoll unavailable: " + Epoll.unavailabilityCause() + ")");
    }

    @Override
    public void stop() {
        Channel server;
        ChannelGroup clients;
        EventLoopGroup stoppingBoss;
        EventLoopGroup stoppingWorkers;
        synchronized (this) {
            server = serverChannel;
            clients = children;
            stoppingBoss = boss;
            stoppingWorkers = workers;
            serverChannel = null;
        }
        if (server == null) {
            return;
        }
        server.close().awaitUninterruptibly();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        Quietly.awaitUntil(clients::isEmpty, deadline, 10);
        closedByStop = true;
        clients.close().awaitUninterruptibly();
        // Channels registered after that close (an accept in flight) are closed by their event loop as it ends.
        shutDown(stoppingBoss, stoppingWorkers);
        closedByStop = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return serverChannel != null;
    }

    @Override
    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    /** Runs on the channel's worker loop as it is registered: the limit first, then the pipeline. */
    private void admit(SocketChannel channel, ChannelGroup clients) {
        if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            stats.reject(RejectReason.OVER_LIMIT);
            channel.close();
            return;
        }
        stats.connectionOpened();
        // Added before the group's own listener, so the counters are settled when a group close completes.
        channel.closeFuture().addListener(closed -> {
            connections.decrementAndGet();
            stats.connectionClosed();
        });
        clients.add(channel);
        channel.pipeline().addLast(
                new IdleStateHandler(true, 0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                new NettyEchoServerHandler(stats, () -> closedByStop));
    }

    private void shutDown(EventLoopGroup... groups) {
        long timeout = settings.shutdownGrace().toMillis();
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
        }
        for (EventLoopGroup group : groups) {
            group.terminationFuture().awaitUninterruptibly(timeout + 1000);
        }
    }

    /**
     * Sits in front of Netty's acceptor on the server channel, on the boss loop: counts a failed accept and stops
     * accepting for the contract's doubling pause, where Netty's acceptor would pause a fixed second.
     */
    private final class BackOffAfterFailedAccept extends ChannelInboundHandlerAdapter {

        private final AcceptBackoff backoff = new AcceptBackoff();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
            backoff.succeeded();
            ctx.fireChannelRead(acceptedChannel);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.reject(RejectReason.ACCEPT_ERROR);
            Duration pause = backoff.failed();
            log.warn("netty: accept failed, accepting again in {} ms: {}", pause.toMillis(), cause.toString());
            ChannelConfig config = ctx.channel().config();
            config.setAutoRead(false);
            ctx.executor().schedule(() -> config.setAutoRead(true), pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
