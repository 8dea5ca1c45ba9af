package dev.echolab.server;

import dev.echolab.server.EchoStats.RejectReason;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IoModel#NETTY} and {@link IoModel#IO_URING} (what they are, their threads, where they block: there), written
 * the way Netty's own echo example reads. The two models differ only in their {@link NettyTransport}, which their
 * {@link IoModel.Transport} names.
 *
 * <p>Bounded buffering: once a channel holds more unsent bytes than its high-water mark ({@code bufferBytes}) it
 * turns unwritable and we stop reading it (auto-read off) until it drains below half of that. After a failed accept
 * the server channel stops accepting for {@link AcceptBackoff}'s doubling pause, in place of Netty's fixed second.
 *
 * <p>The idle timeout is a sweep on the boss loop over the server's clients, as often as every sweeping model looks,
 * rather than Netty's {@code IdleStateHandler}: that keeps a handler, a context and a scheduled task per channel,
 * about 280 of the 1,440 bytes each idle connection held, where the sweep needs one timestamp in the echo handler.
 */
final class NettyEchoServer extends ServerSkeleton {

    private static final Logger log = LoggerFactory.getLogger(NettyEchoServer.class);

    private final NettyTransport transport;
    /** Sets up each event loop's IO on the transport: {@link NettyTransport#ioHandler()}, or a failing one in tests. */
    private final Function<NettyTransport, IoHandlerFactory> ioHandlers;

    /** On the Netty transport of the model's {@link IoModel.Transport}. */
    NettyEchoServer(ServerContext context) {
        this(context, NettyTransport::ioHandler);
    }

    NettyEchoServer(ServerContext context, Function<NettyTransport, IoHandlerFactory> ioHandlers) {
        super(context);
        this.transport = context.model().transport().netty().orElseThrow();
        this.ioHandlers = ioHandlers;
    }

    /** The transport this server runs on. */
    NettyTransport transport() {
        return transport;
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ServerSettings settings = context.settings();
        String prefix = context.model().threadPrefix();
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        try {
            // Where a transport that loaded still fails: io_uring's ring is made here, and the kernel may refuse it.
            IoHandlerFactory io = ioHandlers.apply(transport);
            // Netty's own thread factory (its FastThreadLocalThreads), adopted so the registry counts them as the
            // model's.
            boss = new MultiThreadIoEventLoopGroup(
                    1, context.adoptThreads(new DefaultThreadFactory(prefix + "boss")), io);
            workers = new MultiThreadIoEventLoopGroup(
                    settings.threads(), context.adoptThreads(new DefaultThreadFactory(prefix + "worker")), io);
            // Netty starts a loop's thread with its first task; start them all now, so that a thread the host will
            // not give fails the start, not a client (who would be dropped without a count) later.
            startEveryLoop(boss);
            startEveryLoop(workers);
        } catch (RuntimeException | Error e) {
            shutDownNow(boss);
            shutDownNow(workers);
            throw e;
        }
        ChannelGroup children = new DefaultChannelGroup(prefix + "children", boss.next());
        IdleTimeout idleTimeout = context.idleTimeout();
        if (!idleTimeout.never()) {
            long every = idleTimeout.sweepEveryNanos();
            boss.next().scheduleAtFixedRate(() -> closeIdle(children, idleTimeout), every, every, TimeUnit.NANOSECONDS);
        }
        ChannelFutureListener release = closed -> context.release();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new BackOffAfterFailedAccept(context))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, reads(context))
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.bufferBytes() / 2, settings.bufferBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        admit(context, channel, children, release);
                    }
                });
        ChannelFuture bound = bootstrap
                .bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
                .awaitUninterruptibly();
        EventLoops life = new EventLoops(bound.channel(), children, boss, workers, settings.shutdownGrace());
        if (!bound.isSuccess()) {
            life.awaitThreadsEnd(System.nanoTime() + THREADS_END_WITHIN.toNanos());
            throw bound.cause() instanceof IOException e ? e : new IOException(bound.cause());
        }
        log.info("{}: {} transport", context.model().id(), transport.id());
        return life;
    }

    private static void startEveryLoop(EventLoopGroup group) {
        for (EventExecutor loop : group) {
            loop.submit(() -> {}).syncUninterruptibly();
        }
    }

    /** After a failed start: ends the loops made so far and waits for them, so nothing is left running. */
    private static void shutDownNow(EventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(THREADS_END_WITHIN.toMillis());
        }
    }

    /**
     * Netty's adaptive read sizes (its defaults: from 64 bytes, first 2 KiB) up to the contract's read chunk, and its
     * turn of reads per channel, as {@code greenlet}'s.
     */
    private static RecvByteBufAllocator reads(ServerContext context) {
        int most = context.readChunk();
        return new AdaptiveRecvByteBufAllocator(Math.min(64, most), Math.min(2048, most), most)
                .maxMessagesPerRead(ServerContext.READS_PER_TURN);
    }

    /**
     * Runs on the channel's worker loop as it is registered: the limit first, then the pipeline. {@code release}, one
     * listener for every channel, gives back the channel's place under the limit once it is closed.
     */
    private static void admit(
            ServerContext context, SocketChannel channel, ChannelGroup clients, ChannelFutureListener release) {
        if (!context.admit()) {
            channel.close();
            return;
        }
        // Added before the group's own listener, so the counters are settled when a group close completes.
        channel.closeFuture().addListener(release);
        clients.add(channel);
        channel.pipeline().addLast(new NettyEchoServerHandler(context));
    }

    /**
     * One idle sweep, on the boss loop: each client silent for the timeout is closed on its own loop, which looks
     * again first (a read may have come in since).
     */
    private static void closeIdle(ChannelGroup clients, IdleTimeout timeout) {
        long now = System.nanoTime();
        for (Channel client : clients) {
            NettyEchoServerHandler echo = client.pipeline().get(NettyEchoServerHandler.class);
            if (echo != null && timeout.expired(echo.idleSince(), now)) {
                client.eventLoop().execute(() -> echo.closeIfIdle(client, timeout));
            }
        }
    }

    /** One life of the server: its server channel, its connections and its event loops. */
    private record EventLoops(
            Channel server, ChannelGroup children, EventLoopGroup boss, EventLoopGroup workers, Duration grace)
            implements Listening {

        @Override
        public int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        @Override
        public void closeListener() {
            server.close().awaitUninterruptibly();
        }

        @Override
        public void closeConnections() {
            // Channels registered after this (an accept in flight) are closed by their event loop as it ends.
            children.close().awaitUninterruptibly();
        }

        @Override
        public void awaitThreadsEnd(long deadlineNanos) {
            // No quiet period: every connection is closed already; Netty's default would wait two more seconds.
            boss.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS);
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            boss.terminationFuture().awaitUninterruptibly(left);
            workers.terminationFuture().awaitUninterruptibly(left);
        }
    }

    /**
     * Sits in front of Netty's acceptor on the server channel, on the boss loop: counts a failed accept and stops
     * accepting for the contract's doubling pause, where Netty's acceptor would pause a fixed second.
     */
    private static final class BackOffAfterFailedAccept extends ChannelInboundHandlerAdapter {

        private final ServerContext context;
        private final AcceptBackoff backoff = new AcceptBackoff();

        BackOffAfterFailedAccept(ServerContext context) {
            this.context = context;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
            backoff.succeeded();
            ctx.fireChannelRead(acceptedChannel);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!ctx.channel().config().isAutoRead()) {
                // Already pausing. io_uring keeps several accepts in flight, and their failures arrive together:
                // they are one attempt's, not retries, so they neither count again nor lengthen the pause.
                return;
            }
            context.stats().reject(RejectReason.ACCEPT_ERROR);
            Duration pause = backoff.failed();
            log.warn(
                    "{}: accept failed, accepting again in {} ms: {}",
                    context.model().id(),
                    pause.toMillis(),
                    cause.toString());
            ChannelConfig config = ctx.channel().config();
            config.setAutoRead(false);
            ctx.executor().schedule(() -> config.setAutoRead(true), pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
