package dev.echolab.server;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one list of IO models, and every fact about each: its id, default port, traits and prose. The id is used
 * everywhere: REST path, config key, metric tag {@code model}, Grafana variable and thread-name prefix
 * ({@code echo-<id>-…}). Code, tests, scripts ({@code GET /api/models}) and docs select models by their traits, never
 * by constant; each model's class points here for its prose. docs/models.md says what adding a model takes.
 *
 * <p>Over 300 lines because it holds the eleven models' facts, about 15 lines each: that they live in one place is
 * the point (the docs' tables, the ports in the deployment files and the API's examples are checked against it).
 * The code below the constants is accessors and the factory; a twelfth model adds one constant.
 */
public enum IoModel {
    BLOCKING(
            "blocking",
            7001,
            ClientsAtOnce.ONE,
            Serving.THREAD_PER_CLIENT,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Blocking, one client at a time",
            "One thread accepts a client, then reads and echoes it until it leaves; only then accepts the next. "
                    + "Everyone else waits in the kernel's accept backlog.",
            "1 platform thread (echo-blocking-loop) + an idle sweeper (echo-blocking-idle-1)",
            "accept(), then read() and write() of the one client being served",
            "The note's first server: blocking accept/recv in place, one client at a time",
            BlockingEchoServer::new),

    THREAD_PER_CONNECTION(
            "thread-per-connection",
            7002,
            ClientsAtOnce.ALL,
            Serving.THREAD_PER_CLIENT,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Thread per connection",
            "An accept thread hands every client to a new platform thread that runs plain blocking read/write.",
            "1 accept thread + 1 platform thread per client (echo-thread-per-connection-conn-N) + an idle sweeper",
            "accept() on the accept thread; read() and write() on each client's own thread",
            "The note's baseline: a thread (or process) per connection",
            ThreadPerConnectionEchoServer::new),

    THREAD_POOL(
            "thread-pool",
            7003,
            ClientsAtOnce.POOL,
            Serving.THREAD_PER_CLIENT,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Bounded thread pool",
            "An accept thread queues every client for a fixed pool of threads; a thread serves one client until "
                    + "it leaves, so clients beyond the pool size wait for a free thread (starvation).",
            "1 accept thread + a fixed pool (echo-thread-pool-N, echo.servers.thread-pool.threads) + an idle sweeper",
            "accept() on the accept thread; read() and write() on a pool thread; queued clients wait for a thread",
            "Not in the note: what a bounded pool does once connections outnumber threads",
            ThreadPoolEchoServer::new),

    NON_BLOCKING(
            "non-blocking",
            7004,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Non-blocking polling",
            "One thread puts every socket in non-blocking mode and asks each of them, pass after pass, whether it "
                    + "can accept, read or write; nothing tells it which socket is ready. An empty pass backs off "
                    + "(spin, then park up to ~1 ms) unless spin is set.",
            "1 platform thread (echo-non-blocking-loop)",
            "Nowhere in IO: every call returns at once; an empty pass parks up to ~1 ms "
                    + "(echo.servers.non-blocking.spin=true: never)",
            "The note's second server: setblocking(False), BlockingIOError, connected_list, ready_send_list, "
                    + "finish_send_list, dis_connect_list",
            NonBlockingEchoServer::new),

    MULTIPLEXING(
            "multiplexing",
            7005,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.PLATFORM,
            Transport.JDK,
            "IO multiplexing (Selector)",
            "One thread asks the OS which sockets are ready (a Selector: epoll on Linux), then accepts, reads and "
                    + "writes only those. Unsent bytes wait per connection; it asks for write readiness only while "
                    + "some are pending, and stops reading a client whose backlog is full.",
            "1 platform thread (echo-multiplexing-loop)",
            "select(), and nowhere else",
            "The note's select server: select(rlist, wlist) with a dict of pending data per connection",
            MultiplexingEchoServer::new),

    MULTI_REACTOR(
            "multi-reactor",
            7006,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Multi-reactor",
            "One acceptor thread hands each new client to the least-loaded of N IO reactors; each reactor is the "
                    + "multiplexing loop on its own thread and Selector, and keeps its clients for life.",
            "1 acceptor (echo-multi-reactor-accept) + N IO reactors (echo-multi-reactor-io-N, "
                    + "echo.servers.multi-reactor.threads, cores by default)",
            "select() on the acceptor and on each IO reactor, and nowhere else",
            "Not in the note: where its select server leads (Netty, Redis 6, memcached): one reactor per core",
            MultiReactorEchoServer::new),

    ASYNC(
            "async",
            7007,
            ClientsAtOnce.ALL,
            Serving.COMPLETION_HANDLERS,
            IoThreads.PLATFORM,
            Transport.JDK,
            "Asynchronous IO (NIO.2, proactor)",
            "The application starts a read or a write and names a completion handler; the runtime calls it when the "
                    + "operation is done. One read is outstanding per client, the next one starts only once its echo "
                    + "is fully written. On Linux the JDK emulates this proactor with epoll and its own threads.",
            "A fixed group of N threads (echo-async-N, echo.servers.async.threads) runs every completion handler; "
                    + "an idle sweeper (echo-async-idle-1) closes silent clients",
            "Nowhere in the application: group threads wait in epoll_wait for the JDK's emulated completions",
            "Not in the note: the proactor of POSIX AIO and Windows IOCP, completions instead of readiness",
            AsyncEchoServer::new),

    VIRTUAL_THREADS(
            "virtual-threads",
            7008,
            ClientsAtOnce.ALL,
            Serving.THREAD_PER_CLIENT,
            IoThreads.VIRTUAL,
            Transport.JDK,
            "Virtual threads",
            "An accept thread starts a virtual thread per client running the same plain blocking read/write as "
                    + "thread-per-connection; a read that would block unmounts the virtual thread and its carrier "
                    + "runs another.",
            "1 accept thread (echo-virtual-threads-accept) + 1 virtual thread per client "
                    + "(echo-virtual-threads-conn-N) on the JDK's carrier threads (one per core) + an idle sweeper",
            "accept() on the accept thread; read() and write() park only the client's virtual thread",
            "gevent: spawn per connection, monkey.patch_all() makes blocking calls yield",
            VirtualThreadsEchoServer::new),

    NETTY(
            "netty",
            7009,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.PLATFORM,
            Transport.NETTY,
            "Netty",
            "Netty's event loops, native epoll when available, else NIO: a boss loop accepts and hands each channel "
                    + "to one of N worker loops, which read, write back and flush; reading a client pauses while "
                    + "its unsent bytes are above the high-water mark.",
            "1 boss event loop (echo-netty-boss-…, which also sweeps for idle clients) "
                    + "+ N worker event loops (echo-netty-worker-…, echo.servers.netty.threads)",
            "epoll_wait (or Selector.select()) in each event loop; never in a read or a write",
            "Not in the note: the industrial reference the hand-written models are measured against",
            NettyEchoServer::new),

    GREENLET(
            "greenlet",
            7010,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.COROUTINES,
            Transport.JDK,
            "Greenlets on a hub",
            "A hub thread runs a Selector and switches explicitly into the coroutine of whichever client is ready; "
                    + "each coroutine runs a plain read/echo loop and switches back to the hub when a read or write "
                    + "would block. Exactly one of the hub and its coroutines runs at any moment.",
            "1 hub platform thread (echo-greenlet-hub) + a coroutine per client (a virtual thread, "
                    + "echo-greenlet-conn-N, parked unless the hub switched to it, carried by the hub's thread); "
                    + "CPU = the hub's (without --add-opens java.base/java.lang, coroutines run on the JDK's "
                    + "carriers: + the time they run there, taken out of the carriers' time charged to "
                    + "virtual-threads)",
            "select() on the hub; a coroutine whose read or write would block switches to the hub and waits "
                    + "to be switched back",
            "greenlet's switch() and gevent's hub: coroutines that hand control over by name, one at a time",
            GreenletEchoServer::new),

    IO_URING(
            "io-uring",
            7011,
            ClientsAtOnce.ALL,
            Serving.EVENT_LOOP,
            IoThreads.PLATFORM,
            Transport.NETTY_IO_URING,
            "io_uring (Netty)",
            "The netty model on Netty's io_uring transport (Linux 5.1+): reads and writes are submitted to a queue "
                    + "shared with the kernel and their completions come back on another, the proactor Linux really "
                    + "has, where async only emulates one on epoll. Where io_uring is not available (old kernel, "
                    + "Docker's default seccomp profile, a non-Linux machine) the server is UNAVAILABLE, never "
                    + "something else under this name.",
            "1 boss event loop (echo-io-uring-boss-…, which also sweeps for idle clients) "
                    + "+ N worker event loops (echo-io-uring-worker-…, echo.servers.io-uring.threads); the kernel "
                    + "may add its own iou-wrk-* workers, which are not JVM threads and are not in this model's CPU "
                    + "time",
            "io_uring_enter in each event loop, waiting for completions; never in a read or a write",
            "Not in the note: what the proactor of async looks like when the kernel itself completes the IO",
            NettyEchoServer::new);

    private final String id;
    private final int defaultPort;
    private final ClientsAtOnce clientsAtOnce;
    private final Serving serving;
    private final IoThreads ioThreads;
    private final Transport transport;
    private final String title;
    private final String howItWorks;
    private final String threads;
    private final String blocksOn;
    private final String noteIdea;
    private final Factory factory;

    IoModel(
            String id,
            int defaultPort,
            ClientsAtOnce clientsAtOnce,
            Serving serving,
            IoThreads ioThreads,
            Transport transport,
            String title,
            String howItWorks,
            String threads,
            String blocksOn,
            String noteIdea,
            Factory factory) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.clientsAtOnce = clientsAtOnce;
        this.serving = serving;
        this.ioThreads = ioThreads;
        this.transport = transport;
        this.title = title;
        this.howItWorks = howItWorks;
        this.threads = threads;
        this.blocksOn = blocksOn;
        this.noteIdea = noteIdea;
        this.factory = factory;
    }

    /** How many clients a model serves at once. */
    public enum ClientsAtOnce {
        /** One: the others wait in the kernel's accept backlog until it leaves. */
        ONE,
        /** As many as its pool has threads ({@code echo.servers.<id>.threads}); the others wait for a free one. */
        POOL,
        /** Every connection, up to {@code echo.max-connections}. */
        ALL
    }

    /** What serves a client. */
    public enum Serving {
        /** A thread of its own (platform or virtual) for each client served, blocking in its reads and writes. */
        THREAD_PER_CLIENT,
        /** Loop threads that each serve many clients: a turn of a loop waits for events, then serves them. */
        EVENT_LOOP,
        /** Completion handlers: a read or a write is started, and a handler runs once it is done (a proactor). */
        COMPLETION_HANDLERS
    }

    /** Which threads run the reads and writes, and so whose CPU time is the model's. */
    public enum IoThreads {
        /** Platform threads the model owns, named {@code echo-<id>-…}: their CPU time is the model's. */
        PLATFORM,
        /** Virtual threads, run by the JDK scheduler's carrier threads: the carriers' CPU time is the model's. */
        VIRTUAL,
        /**
         * Coroutines: virtual threads that run one at a time, switched in by the model's own hub thread and carried by
         * it. The model's CPU time is its hub's, plus the carrier time its coroutines ran where they run on the JDK's
         * carriers instead.
         */
        COROUTINES
    }

    /** Whose code moves the bytes, and whether a native library must load for it. */
    public enum Transport {
        /** The JDK's sockets and channels, driven by this package's code. */
        JDK(false),
        /** Netty: its native epoll transport where it loads, else the JDK's NIO under Netty. */
        NETTY(false),
        /** Netty on io_uring, a native transport with no fall back: where it cannot load, the model is UNAVAILABLE. */
        NETTY_IO_URING(true);

        private final boolean needsNative;

        Transport(boolean needsNative) {
            this.needsNative = needsNative;
        }

        /** Whether a native transport must load for the model to run at all. */
        public boolean needsNative() {
            return needsNative;
        }

        /** The Netty transport this one runs on here; empty for the JDK's. */
        Optional<NettyTransport> netty() {
            return switch (this) {
                case JDK -> Optional.empty();
                case NETTY -> Optional.of(NettyTransport.epollOrNio());
                case NETTY_IO_URING -> Optional.of(NettyTransport.IO_URING);
            };
        }
    }

    /** Kebab-case id, e.g. {@code thread-pool}. */
    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public ClientsAtOnce clientsAtOnce() {
        return clientsAtOnce;
    }

    public Serving serving() {
        return serving;
    }

    public IoThreads ioThreads() {
        return ioThreads;
    }

    public Transport transport() {
        return transport;
    }

    public String title() {
        return title;
    }

    public String howItWorks() {
        return howItWorks;
    }

    /** Which threads the model uses, in words. */
    public String threads() {
        return threads;
    }

    /** Where the model's threads block or wait. */
    public String blocksOn() {
        return blocksOn;
    }

    /** Which idea of the note on Python socket IO models (told in docs/the-note.md) this model shows. */
    public String noteIdea() {
        return noteIdea;
    }

    /** Prefix of every thread this model owns: {@code echo-<id>-}. */
    public String threadPrefix() {
        return "echo-" + id + "-";
    }

    /** Whether the model's connections run on virtual threads, whose CPU time is their carriers'. */
    public boolean runsOnVirtualThreads() {
        return ioThreads == IoThreads.VIRTUAL;
    }

    /**
     * Why this model cannot run on this machine (the platform lacks what it needs), or empty when it can. Such a
     * model is shown UNAVAILABLE with this reason, and a start is refused with it.
     */
    public Optional<String> unavailability() {
        return transport.needsNative() ? transport.netty().flatMap(NettyTransport::unavailability) : Optional.empty();
    }

    /** The Netty transport the model runs on here ({@code epoll}, {@code io_uring}, {@code nio}); empty if none. */
    public Optional<String> transportHere() {
        return transport.netty().map(NettyTransport::id);
    }

    /** A new, stopped server of this model, with a thread registry of its own. */
    public EchoServer create(ServerSettings settings, EchoStats stats) {
        return create(settings, stats, new ModelThreads());
    }

    /** A new, stopped server of this model, whose threads {@code threads} makes and counts. */
    EchoServer create(ServerSettings settings, EchoStats stats, ModelThreads threads) {
        return factory.create(new ServerContext(this, settings, stats, threads));
    }

    /** The constructor of this model's class. */
    Factory factory() {
        return factory;
    }

    public static Optional<IoModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** Makes a model's server: the constructor of its class, given the context it shares with the skeleton. */
    @FunctionalInterface
    interface Factory {
        EchoServer create(ServerContext context);
    }
}
