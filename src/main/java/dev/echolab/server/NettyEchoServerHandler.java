package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.channels.ClosedChannelException;

/**
 * The echo of the Netty-based models ({@code netty}, {@code io-uring}): writes back every buffer it reads and flushes once per read batch, as Netty's own
 * {@code EchoServerHandler} does, plus what the contract adds (bounded buffering, half-close, idle timeout, one
 * counted error per connection). One per channel, called on that channel's event loop only, but for
 * {@link #idleSince}, which the server's idle sweep reads from its own loop.
 */
final class NettyEchoServerHandler extends ChannelInboundHandlerAdapter {

    private final ServerContext context;
    private final EchoStats stats;
    private boolean errorCounted;
    /** When this channel last read or wrote something: written on its loop, read by the sweep. */
    private volatile long lastActiveNanos = System.nanoTime();

    NettyEchoServerHandler(ServerContext context) {
        this.context = context;
        this.stats = context.stats();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int bytes = ((ByteBuf) msg).readableBytes();
        stats.received(bytes);
        lastActiveNanos = System.nanoTime();
        ctx.write(msg).addListener((ChannelFuture written) -> {
            if (written.isSuccess()) {
                stats.sent(bytes);
                lastActiveNanos = System.nanoTime();
            } else {
                failed(written.channel(), written.cause());
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Unwritable: the client is not reading our echo, so stop reading what it sends until it does.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // Half-close: whatever was read is already written ahead of this; close once it is out.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** When this channel last made progress, read or written; from any thread. */
    long idleSince() {
        return lastActiveNanos;
    }

    /**
     * Closes the channel, counting an idle timeout, if it is still silent: the sweep saw it expired from another
     * loop, and a read may have come in since. Runs on the channel's loop.
     */
    void closeIfIdle(Channel channel, IdleTimeout timeout) {
        if (channel.isOpen() && timeout.expired(lastActiveNanos, System.nanoTime())) {
            count(ErrorKind.IDLE_TIMEOUT);
            channel.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(ctx.channel(), cause);
    }

    /** A reset shows up on a read or a write, sometimes on both: either way it is one error. */
    private void failed(Channel channel, Throwable cause) {
        if (!(cause instanceof ClosedChannelException)) {
            count(ErrorKind.of(cause));
        }
        channel.close();
    }

    private void count(ErrorKind kind) {
        if (!errorCounted) {
            errorCounted = true;
            context.countError(kind);
        }
    }
}
