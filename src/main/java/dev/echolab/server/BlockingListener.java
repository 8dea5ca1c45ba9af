package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every blocking-socket model shares: a {@link ServerSocket}, one named thread that accepts, and the plain
 * blocking echo loop. What differs between those models is only <em>who runs each connection</em>, the
 * {@link Executor} given here: the accepting thread itself ({@code blocking}), a new thread
 * ({@code thread-per-connection}), a pool ({@code thread-pool}) or a virtual thread.
 *
 * <p>Bounded buffering comes free: one array per connection, and a {@code write()} that blocks while the client
 * does not read, so the server stops reading that client until it does.
 *
 * <p>Idle connections: an {@link IdleSweeper} closes a connection whose reads <em>and</em> writes have made no
 * progress for the idle timeout. {@code SO_TIMEOUT} would not do: it bounds reads only, so a thread blocked writing
 * to a client that never reads would be held forever.
 */
final class BlockingListener implements ServerSkeleton.Listening {

    private static final Logger log = LoggerFactory.getLogger(BlockingListener.class);

    private final ServerContext context;
    private final ServerSocket socket;
    private final Executor runner;
    private final IdleSweeper sweeper;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private final Thread acceptThread;

    private BlockingListener(ServerContext context, ServerSocket socket, Executor runner, String acceptThreadName) {
        this.context = context;
        this.socket = socket;
        this.runner = runner;
        this.sweeper = new IdleSweeper(context);
        this.acceptThread = context.startThread(acceptThreadName, this::acceptLoop);
    }

    /**
     * Binds and starts accepting on a thread named {@code echo-<id>-<acceptThreadName>}; each accepted connection is
     * served by {@code runner}. A runner that is an {@link ExecutorService} belongs to the listener from now on:
     * {@code stop()} shuts it down and waits for it.
     */
    static BlockingListener open(ServerContext context, String acceptThreadName, Executor runner) throws IOException {
        ServerSettings settings = context.settings();
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), ServerSkeleton.BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new BlockingListener(context, socket, runner, acceptThreadName);
    }

    @Override
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void closeListener() {
        Quietly.close(socket);
    }

    @Override
    public void closeConnections() {
        open.forEach(Quietly::close);
        sweeper.stop();
        if (runner instanceof ExecutorService pool) {
            // After the sockets: queued clients then run just long enough to see theirs closed and release it.
            pool.shutdown();
        }
    }

    @Override
    public void awaitThreadsEnd(long deadlineNanos) {
        try {
            // The blocking model serves on the accept thread, which ends once its client's socket is closed.
            acceptThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            if (runner instanceof ExecutorService pool) {
                pool.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
                backoff.succeeded();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                context.stats().reject(RejectReason.ACCEPT_ERROR);
                log.warn("{}: accept failed, backing off: {}", context.model().id(), e.toString());
                backoff.pauseAfterFailure();
                continue;
            }
            if (!context.admit()) {
                Quietly.close(client);
                continue;
            }
            // From here the permit belongs to serve(), which releases it whatever happens.
            open.add(client);
            try {
                runner.execute(() -> serve(client));
            } catch (RuntimeException | OutOfMemoryError e) {
                // No thread for this client, whatever the reason: a pool refusing it, a thread that would not start
                // ("unable to create native thread" where the host is out of tasks, also while a pool grows).
                refuse(client, e);
            }
        }
    }

    /** The runner could not take the client: refuse that one only, and go on accepting. */
    private void refuse(Socket client, Throwable e) {
        release(client);
        if (socket.isClosed()) {
            return; // stop() shut the pool down: not the client's fault, not a refusal
        }
        context.refusedForNoThread(e);
    }

    /** Echoes one client until it leaves. */
    private void serve(Socket client) {
        IdleSweeper.Activity activity = sweeper.track(() -> Quietly.close(client));
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[context.readChunk()];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                activity.touch();
                context.stats().received(n);
                out.write(buffer, 0, n);
                activity.touch();
                context.stats().sent(n);
            }
            // Half-close: the client shut down its output and everything it sent was echoed; now we close.
        } catch (IOException e) {
            context.countError(activity.expired() ? ErrorKind.IDLE_TIMEOUT : ErrorKind.of(e));
        } finally {
            sweeper.untrack(activity);
            release(client);
        }
    }

    private void release(Socket client) {
        if (open.remove(client)) {
            Quietly.close(client);
            context.release();
        }
    }
}
