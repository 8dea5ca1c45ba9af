// The plain equivalents of four models: the shortest echo server a developer would write for each IO model, with
// none of the lab's contract (no connection limit, idle timeout, bounded buffering, counters or thread registry).
// bench/plain.sh measures each model against its plain equivalent with the same C client in the same run.
//
//   java -cp <netty jars> bench/plain/PlainEcho.java MODE PORT [WORKERS]
//
// MODE: virtual-threads        ServerSocket.accept() and one virtual thread per connection
//       thread-per-connection  ServerSocket.accept() and one platform thread per connection
//       netty                  Netty's own echo example on the epoll transport, WORKERS event loops (default: cores)
//       io-uring               the same on io_uring
// Every mode reads at most 16 KiB at a time, as the models do, so a blocked reader holds the same buffer.
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

public class PlainEcho {

    static final int CHUNK = 16 * 1024;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        switch (mode) {
            case "virtual-threads" -> blocking(port, Thread.ofVirtual());
            case "thread-per-connection" -> blocking(port, Thread.ofPlatform());
            case "netty" -> netty(port, workers, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            case "io-uring" -> netty(port, workers, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            default -> throw new IllegalArgumentException("no mode " + mode);
        }
    }

    static void blocking(int port, Thread.Builder threads) throws IOException {
        try (ServerSocket listener = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + port);
            while (true) {
                Socket client = listener.accept();
                threads.start(() -> echo(client));
            }
        }
    }

    static void echo(Socket client) {
        try (client;
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream()) {
            client.setTcpNoDelay(true);
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static void netty(
            int port,
            int workers,
            IoHandlerFactory io,
            Class<? extends io.netty.channel.ServerChannel> channel) throws InterruptedException {
        var boss = new MultiThreadIoEventLoopGroup(1, io);
        var loops = new MultiThreadIoEventLoopGroup(workers, io);
        new ServerBootstrap()
                .group(boss, loops)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.RCVBUF_ALLOCATOR,
                        new io.netty.channel.AdaptiveRecvByteBufAllocator(64, 2048, CHUNK))
                .childHandler(new Echo())
                .bind(InetAddress.getLoopbackAddress(), port)
                .sync();
        System.out.println("listening on " + port + " with " + workers + " event loops");
        boss.terminationFuture().sync();
    }

    /** Netty's EchoServerHandler: write back what is read, flush once per read batch. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
