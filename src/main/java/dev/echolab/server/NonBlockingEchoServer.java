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
 * {@link IoModel#NON_BLOCKING} (what it is, its threads, where it blocks: there), written as the note's loop
 * (docs/the-note.md): try {@code accept()} (nothing pending is the note's {@code BlockingIOError}), try to read every
 * connection in {@code connectedList}, queue what was read ({@code readySendList}), try every pending write, then
 * drop finished writes ({@code finishSendList}) and closed or reset connections ({@code disConnectList}). The note's
 * loop spins at 100% of a core even with no clients; here a pass that did nothing backs off, unless
 * {@code echo.servers.non-blocking.spin=true} restores the busy loop.
 */
final class NonBlockingEchoServer extends ServerSkeleton {

    private static final int SPIN_PASSES = 100;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    NonBlockingEchoServer(ServerContext context) {
        super(context);
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        return new Polling(context, ChannelAcceptor.bind(context));
    }

    /** One life of the server: the listener and the one thread that polls it and every connection. */
    private static final class Polling implements Listening {

        private final ServerContext context;
        private final ServerSettings settings;
        private final EchoStats stats;
        private final ChannelAcceptor acceptor;
        private final Thread loop;
        private volatile boolean shuttingDown;

        Polling(ServerContext context, ChannelAcceptor acceptor) {
            this.context = context;
            this.settings = context.settings();
            this.stats = context.stats();
            this.acceptor = acceptor;
            this.loop = context.startThread("loop", this::poll);
        }

        @Override
        public int port() {
            return acceptor.port();
        }

        @Override
        public void closeListener() {
            // Nobody can connect from now on; the loop's next accept sees the listener closed and takes nobody.
            acceptor.close();
        }

        @Override
        public void closeConnections() {
            shuttingDown = true;
            LockSupport.unpark(loop);
        }

        @Override
        public void awaitThreadsEnd(long deadlineNanos) {
            Quietly.join(loop, deadlineNanos);
        }

        /** The note's {@code while True} loop, on the loop thread. */
        private void poll() {
            List<Connection> connectedList = new ArrayList<>();
            List<Connection> readySendList = new ArrayList<>();
            // Sets where the note has lists: removing many items from a list one by one is quadratic.
            Set<Connection> finishSendList = new HashSet<>();
            Set<Connection> disConnectList = new HashSet<>();
            ByteBuffer scratch = ByteBuffer.allocateDirect(context.readChunk());
            long nextSweep = System.nanoTime();
            int idlePasses = 0;
            try {
                while (!shuttingDown) {
                    boolean progress = acceptor.acceptPending(connectedList::add) > 0;

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

                    if (!context.idleTimeout().never() && System.nanoTime() - nextSweep >= 0) {
                        nextSweep = System.nanoTime() + context.idleTimeout().sweepEveryNanos();
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
                if (conn.isOpen() && conn.idle(context.idleTimeout(), now)) {
                    context.countError(ErrorKind.IDLE_TIMEOUT);
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
}
