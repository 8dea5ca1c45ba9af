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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every blocking-socket model shares: a {@link ServerSocket}, one named thread that accepts, the
 * connection limit, and the plain blocking echo loop. What differs between those models is only <em>who runs
 * each connection</em>, the {@link Executor} given here: the accepting thread itself ({@code blocking}), a new
 * thread ({@code thread-per-connection}), a pool ({@code thread-pool}) or a virtual thread.
 *
 * <p>Bounded buffering comes free: one array per connection, and a {@code write()} that blocks while the client
 * does not read, so the server stops reading that client until it does.
 *
 * <p>Idle connections: platform threads read with {@code SO_TIMEOUT}, which the kernel's {@code poll} enforces
 * for free. Virtual threads use an {@link IdleSweeper} instead, as a timed read would park with a timer each time.
 */
final class BlockingListener {

    private static final Logger log = LoggerFactory.getLogger(BlockingListener.class);
    /** Bytes read at once: 16 KiB moves a stream at full speed, and 10,000 connections hold 160 MB, not 640. */
    private static final int READ_CHUNK = 16 * 1024;

    /** How a silent connection is found: by the read's own timeout, or by a sweeper thread. */
    enum IdleCheck { SO_TIMEOUT, SWEEPER }

    private final IoModel model;
    private final ServerSettings settings;
    private final EchoStats stats;
    private final String acceptThreadName;
    private final IdleCheck idleCheck;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;

    private ServerSocket listener;
    private Thread acceptThread;
    private IdleSweeper sweeper;
    /** Set while stop() closes connections: the errors that causes are not the clients'. */
    private volatile boolean closedByStop;

    BlockingListener(IoModel model, ServerSettings settings, EchoStats stats, String acceptThreadName,
                     IdleCheck idleCheck) {
        this.model = model;
        this.idleCheck = idleCheck;
        this.settings = settings;
        this.stats = stats;
        this.acceptThreadName = acceptThreadName;
        this.permits = new Semaphore(settings.maxConnections());
    }

    /** Binds and starts accepting; each accepted connection is served by {@code runner}. */
    synchronized void start(Executor runner) throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        listener = socket;
        sweeper = idleCheck == IdleCheck.SWEEPER ? new IdleSweeper(model, settings.idleTimeout()) : null;
        IdleSweeper idle = sweeper;
        acceptThread = ModelThreads.start(model, acceptThreadName, () -> acceptLoop(socket, runner, idle));
    }

    /** Closes the listener, drains for the grace period, then closes every connection and waits for them. */
    void stop() {
        ServerSocket socket;
        Thread thread;
        IdleSweeper idle;
        synchronized (this) {
            socket = listener;
            thread = acceptThread;
            idle = sweeper;
            listener = null;
            acceptThread = null;
            sweeper = null;
        }
        if (socket == null) {
            return;
        }
        Quietly.close(socket);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        Quietly.awaitUntil(open::isEmpty, deadline, 10);
        closedByStop = true;
        open.forEach(Quietly::close);
        try {
            // The blocking model serves on the accept thread, which ends once its client's socket is closed.
            thread.join(settings.shutdownGrace().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Handlers release their connection on their own thread: wait, so that active is 0 once stop() returns.
        Quietly.awaitUntil(open::isEmpty, deadline + 1_000_000_000L, 5);
        if (idle != null) {
            idle.stop();
        }
        closedByStop = false;
    }

    synchronized int port() {
        return listener == null ? -1 : listener.getLocalPort();
    }

    synchronized boolean isRunning() {
        return listener != null;
    }

    private void acceptLoop(ServerSocket socket, Executor runner, IdleSweeper idle) {
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
                stats.reject(RejectReason.ACCEPT_ERROR);
                log.warn("{}: accept failed, backing off: {}", model.id(), e.toString());
                backoff.pauseAfterFailure();
                continue;
            }
            if (!permits.tryAcquire()) {
                stats.reject(RejectReason.OVER_LIMIT);
                Quietly.close(client);
                continue;
            }
            // From here the permit belongs to serve(), which releases it whatever happens.
            stats.connectionOpened();
            open.add(client);
            try {
                runner.execute(() -> serve(client, idle));
            } catch (RejectedExecutionException e) {
                release(client); // the runner is shutting down
            }
        }
    }

    /** Echoes one client until it leaves; {@code idle} is null when the read's own timeout finds silence. */
    private void serve(Socket client, IdleSweeper idle) {
        IdleSweeper.Activity activity = idle == null ? null : idle.track(() -> Quietly.close(client));
        try {
            client.setTcpNoDelay(true);
            if (idle == null) {
                client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            }
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[Math.min(READ_CHUNK, settings.bufferBytes())];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (activity != null) {
                    activity.touch();
                }
                stats.received(n);
                out.write(buffer, 0, n);
                stats.sent(n);
            }
            // Half-close: the client shut down its output and everything it sent was echoed; now we close.
        } catch (IOException e) {
            if (activity != null && activity.expired()) {
                stats.error(ErrorKind.IDLE_TIMEOUT);
            } else if (!closedByStop) {
                stats.error(ErrorKind.of(e));
            }
        } finally {
            if (activity != null) {
                idle.untrack(activity);
            }
            release(client);
        }
    }

    private void release(Socket client) {
        if (open.remove(client)) {
            Quietly.close(client);
            permits.release();
            stats.connectionClosed();
        }
    }
}
