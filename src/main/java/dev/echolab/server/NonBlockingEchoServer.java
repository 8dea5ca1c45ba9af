package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code non-blocking}: the note's second server (docs/the-note.md). Every channel is non-blocking and nothing tells
 * the loop which one is ready, so it asks each of them, again and again: try {@code accept()} (nothing pending is the
 * note's {@code BlockingIOError}), try to read every connection in {@code connectedList}, queue what was read
 * ({@code readySendList}), try every pending write, then drop finished writes ({@code finishSendList}) and closed or
 * reset connections ({@code disConnectList}).
 *
 * <p>Thread: {@code echo-non-blocking-loop}, one platform thread for everything. It never blocks in IO. The note's
 * loop spins at 100% of a core even with no clients; here a pass that did nothing backs off (spins briefly, then
 * parks up to about a millisecond), unless {@code echo.servers.non-blocking.spin=true} restores the busy loop.
 */
final class NonBlockingEchoServer implements EchoServer {

    private static final int SPIN_PASSES = 100;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ServerSettings settings;
    private final EchoStats stats;
    private final long idleTimeoutNanos;
    private ChannelAcceptor acceptor;
    private Thread loop;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;

    NonBlockingEchoServer(ServerSettings settings, EchoStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
    }

    @Override
    public IoModel model() {
        return IoModel.NON_BLOCKING;
    }

    @Override
    public synchronized void start() throws IOException {
        if (loop != null) {
            return;
        }
        ChannelAcceptor newAcceptor = ChannelAcceptor.bind(IoModel.NON_BLOCKING, settings, stats);
        stopping = false;
        acceptor = newAcceptor;
        loop = ModelThreads.start(IoModel.NON_BLOCKING, "loop", () -> poll(newAcceptor));
    }

    @Override
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        // Listener first: nobody can connect from now on; the loop keeps echoing until the deadline.
        acceptor.close();
        stopDeadlineNanos = System.nanoTime() + settings.shutdownGrace().toNanos();
        stopping = true;
        LockSupport.unpark(loop);
        try {
            loop.join(settings.shutdownGrace().toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
        acceptor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }

    @Override
    public synchronized int port() {
        return loop == null ? -1 : acceptor.port();
    }

    @Override
    public EchoStats stats() {
        return stats;
    }

    /** The note's {@code while True} loop, on the loop thread. */
    private void poll(ChannelAcceptor acceptor) {
        List<Connection> connectedList = new ArrayList<>();
        List<Connection> readySendList = new ArrayList<>();
        // Sets where the note has lists: removing many items from a list one by one is quadratic.
        Set<Connection> finishSendList = new HashSet<>();
        Set<Connection> disConnectList = new HashSet<>();
        ByteBuffer scratch = ByteBuffer.allocateDirect(Math.min(settings.bufferBytes(), 64 * 1024));
        long nextSweep = System.nanoTime();
        int idlePasses = 0;
        try {
            while (!stopping || (!connectedList.isEmpty() && System.nanoTime() - stopDeadlineNanos < 0)) {
                boolean progress = !stopping && acceptor.acceptPending(connectedList::add) > 0;

                for (Connection conn : connectedList) {
                    boolean wasQueued = conn.hasPending();
                    try {
                        int n = conn.read(scratch);
                        progress |= n > 0;
                        if (n > 0 && !wasQueued) {
                            readySendList.add(conn);
                        } else if (conn.finished()) {
                            disConnectList.add(conn); // the client shut down its output, nothing left to echo
                        }
                    } catch (IOException e) { // the note's ConnectionResetError
                        conn.fail(e);
                        disConnectList.add(conn);
                    }
                }

                for (Connection conn : readySendList) {
                    if (!conn.isOpen()) {
                        continue; // failed while reading: already in disConnectList
                    }
                    try {
                        progress |= conn.write() > 0;
                        // A partial write leaves its remainder at the head of this connection's queue, so the
                        // next pass sends it before anything read later. The note appends the remainder to the
                        // end of the shared ready_send_list, behind newer data: under load that reorders bytes.
                        if (!conn.hasPending()) {
                            finishSendList.add(conn);
                            if (conn.finished()) {
                                disConnectList.add(conn);
                            }
                        }
                    } catch (IOException e) {
                        conn.fail(e);
                        disConnectList.add(conn);
                    }
                }
                readySendList.removeAll(finishSendList);
                finishSendList.clear();

                if (System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(100), idleTimeoutNanos / 4);
                    closeIdle(connectedList, disConnectList);
                }
                if (!disConnectList.isEmpty()) {
                    progress = true;
                    disConnectList.forEach(Connection::close);
                    connectedList.removeAll(disConnectList);
                    readySendList.removeAll(disConnectList);
                    disConnectList.clear();
                }

                stats.loopPass(!progress);
                idlePasses = progress ? 0 : idlePasses + 1;
                backOff(idlePasses);
            }
        } finally {
            connectedList.forEach(Connection::close);
            acceptor.close();
        }
    }

    private void closeIdle(List<Connection> connectedList, Set<Connection> disConnectList) {
        long now = System.nanoTime();
        for (Connection conn : connectedList) {
            if (conn.isOpen() && conn.idleFor(idleTimeoutNanos, now)) {
                stats.error(ErrorKind.IDLE_TIMEOUT);
                disConnectList.add(conn);
            }
        }
    }

    /** After an empty pass: spin a little (work often comes right back), then park longer, up to ~1 ms. */
    private void backOff(int idlePasses) {
        if (idlePasses == 0 || settings.spin()) {
            return;
        }
        if (idlePasses < SPIN_PASSES) {
            Thread.onSpinWait();
        } else {
            int step = Math.min(20, idlePasses - SPIN_PASSES);
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << step));
        }
    }
}
