package dev.echolab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IoModel#GREENLET} (what it is, its threads, where it blocks: there): greenlets on gevent's hub, the study
 * note's last server. The hub is a {@link Reactor} (thread {@code echo-greenlet-hub}) whose service spawns a
 * {@link Coroutine} per client ({@link GreenletConnection}) and, when the client's socket is ready, switches to it,
 * {@code hub.switchTo(coroutine)}; the coroutine's echo loop reads as blocking code and switches back to the hub
 * itself when a read or write would block, or when its turn is over. Exactly one of the hub and its coroutines runs
 * at any moment: the scheduling decision is made here, in our code. {@link Hub} says why coroutines live on virtual
 * threads, and {@link HubCarrier} how they run on the hub's own thread, whose CPU time is then all this model's (on
 * the JDK's carriers instead, {@link ModelThreads} charges it the time they hold the baton). Everything else a loop
 * does (the select, the idle sweep, the accept back-off, the listener's close, the selector's rebuild) is the
 * reactor's.
 */
final class GreenletEchoServer extends ServerSkeleton {

    private static final Logger log = LoggerFactory.getLogger(GreenletEchoServer.class);
    /** Said once per JVM: the flag is the JVM's. */
    private static final AtomicBoolean JDK_CARRIERS_LOGGED = new AtomicBoolean();

    /** The coroutines' virtual threads, {@code echo-greenlet-conn-N}, numbered across restarts. */
    private final ThreadFactory coroutineThreads;

    /** Their carrier, bound to each new hub's thread; null where the JDK keeps its scheduler constructor closed. */
    private final HubCarrier carrier;

    private volatile Reactor<GreenletConnection> hub;

    /** Wraps what each coroutine runs, its echo loop: tests make a coroutine die. */
    private final UnaryOperator<Coroutine.Body> bodies;

    GreenletEchoServer(ServerContext context) {
        this(context, UnaryOperator.identity());
    }

    GreenletEchoServer(ServerContext context, UnaryOperator<Coroutine.Body> bodies) {
        super(context);
        HubCarrier ours = new HubCarrier();
        Optional<Thread.Builder.OfVirtual> carried = HubCarrier.virtualThreads(ours);
        if (carried.isEmpty() && JDK_CARRIERS_LOGGED.compareAndSet(false, true)) {
            log.warn("greenlet: java.lang is not open to us (--add-opens java.base/java.lang=ALL-UNNAMED): its "
                    + "coroutines run on the JDK's carrier threads, and each switch wakes two threads");
        }
        this.carrier = carried.isPresent() ? ours : null;
        this.coroutineThreads = carried.map(builder -> context.virtualThreads("conn", builder))
                .orElseGet(() -> context.virtualThreads("conn"));
        this.bodies = bodies;
    }

    @Override
    Listening listen(ServerContext context) throws IOException {
        ChannelAcceptor acceptor = ChannelAcceptor.bind(context);
        hub = Reactor.acceptingAndServing(
                context, "hub", acceptor, () -> new SpawnAndSwitch(context, coroutineThreads, carrier, bodies));
        return Reactors.single(acceptor, hub);
    }

    /** The hub's loop, for tests; null when stopped. */
    Reactor<GreenletConnection> hub() {
        return isRunning() ? hub : null;
    }

    /**
     * The hub's part of the loop: a coroutine for each new client, a switch to it when its socket is ready, and one
     * more switch to end it (its connection closed under it, it wakes and returns). Made on the hub's thread: a
     * {@link Hub} belongs to the thread that makes it.
     */
    private static final class SpawnAndSwitch implements Reactor.Service<GreenletConnection> {

        private final ServerContext context;
        private final UnaryOperator<Coroutine.Body> bodies;
        private final Hub hub;
        /** The hub's one read buffer: only one coroutine runs at a time, and none keeps bytes in it across a switch. */
        private final ByteBuffer scratch;

        SpawnAndSwitch(
                ServerContext context,
                ThreadFactory coroutineThreads,
                HubCarrier carrier,
                UnaryOperator<Coroutine.Body> bodies) {
            this.context = context;
            this.bodies = bodies;
            this.hub = new Hub(coroutineThreads, carrier, context.carrierTime());
            this.scratch = ByteBuffer.allocateDirect(context.readChunk());
        }

        @Override
        public GreenletConnection attach(Connection connection, SelectionKey key) {
            GreenletConnection client = new GreenletConnection(connection, key, hub, scratch);
            try {
                client.spawn(bodies); // waits for its first bytes: the hub switches to it once they are there
            } catch (RuntimeException | OutOfMemoryError e) {
                // No thread for its coroutine (the host is out of tasks): this client is refused, the hub goes on.
                connection.close();
                context.refusedForNoThread(e);
                return null;
            }
            return client;
        }

        @Override
        public void ready(SelectionKey key, GreenletConnection client) {
            hub.switchTo(client.coroutine());
            if (client.coroutine().isDead() && client.connection().isOpen()) {
                died(client);
            }
        }

        /**
         * A coroutine that ended without closing its connection, whatever it died of (a bug, an Error): its socket
         * would stay registered and ready, the hub switching to a dead coroutine for ever, its slot under the limit
         * never given back. Closed here, and counted as that connection's error.
         */
        private void died(GreenletConnection client) {
            Throwable why = client.coroutine().failure();
            log.error("greenlet: a coroutine died; its connection is closed", why);
            client.connection().fail(new IOException("its coroutine died: " + why, why));
        }

        @Override
        public Connection connection(GreenletConnection client) {
            return client.connection();
        }

        @Override
        public void end(GreenletConnection client) {
            client.connection().close();
            hub.switchTo(client.coroutine()); // it wakes to a closed channel and ends
        }

        @Override
        public void rekeyed(GreenletConnection client, SelectionKey key) {
            client.rekeyed(key);
        }
    }
}
