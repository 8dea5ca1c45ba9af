package dev.echolab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of echo servers, one per {@link IoModel}: starts, stops and reports them. Each model keeps one
 * {@link EchoStats} for the life of the process, so its counters only grow across restarts. Every thread of its
 * servers is made and counted by one {@link ModelThreads} registry of its own, read through {@link #usage()}.
 * Thread-safe; a start or stop of one model does not wait for another, and nothing that only reads (status,
 * health, gauges) waits for a stop's drain.
 *
 * <p>Over 300 lines because {@link ServerStatus}, the one view of a server that the API, health and metrics
 * read, lives beside the registry that makes it, and because starting, stopping and the lifecycle share one map and
 * its locks. Should it grow, {@link ServerStatus} moves to a file of its own without a change to its JSON.
 */
public class EchoServers {

    private static final Logger log = LoggerFactory.getLogger(EchoServers.class);

    /**
     * RUNNING: listening. STOPPED: not listening, by choice. FAILED: meant to run but could not, see lastError.
     * UNAVAILABLE: the platform lacks what the model needs (see lastError for why); it cannot be started here.
     */
    public enum State {
        RUNNING,
        STOPPED,
        FAILED,
        UNAVAILABLE
    }

    /** What the API shows of one server; {@code transport} is the Netty transport, for the models on Netty. */
    public record ServerStatus(
            IoModel model,
            State state,
            String bindAddress,
            int port,
            Instant startedAt,
            String lastError,
            String transport,
            EchoStats.Snapshot stats) {}

    /** A start that could not bind. The server is left STOPPED with nothing open. */
    public static final class StartFailedException extends IOException {
        private final int port;

        StartFailedException(IoModel model, int port, IOException cause) {
            super(model.id() + " cannot listen on port " + port + ": " + cause.getMessage(), cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }

    /**
     * A start that failed for a reason other than its port: what the model runs on could not be set up (its
     * transport, its threads). The server is FAILED, with the reason as its last error; nothing of it is left open.
     */
    public static final class FailedToStartException extends RuntimeException {
        private final IoModel model;

        FailedToStartException(IoModel model, String reason, Throwable cause) {
            super(model.id() + " could not start: " + reason, cause);
            this.model = model;
        }

        public IoModel model() {
            return model;
        }
    }

    /** A start of a model this machine cannot run; the message says why. */
    public static final class UnavailableException extends RuntimeException {
        private final IoModel model;

        UnavailableException(IoModel model, String reason) {
            super(reason);
            this.model = model;
        }

        public IoModel model() {
            return model;
        }
    }

    private final Map<IoModel, Slot> slots = new EnumMap<>(IoModel.class);
    private final Predicate<IoModel> enabledAtBoot;
    private final ModelThreads threads;
    private final ModelUsage usage;
    private final Function<IoModel, IoModel.Factory> factories;

    /**
     * @param settings      each model's settings until a start asks for another port
     * @param enabledAtBoot the models to start with the application
     */
    public EchoServers(Function<IoModel, ServerSettings> settings, Predicate<IoModel> enabledAtBoot) {
        this(settings, enabledAtBoot, new ModelThreads(), IoModel::factory);
    }

    /**
     * With the thread registry its servers' threads come from and the class that makes each model's server: tests
     * give ones that fail.
     */
    EchoServers(
            Function<IoModel, ServerSettings> settings,
            Predicate<IoModel> enabledAtBoot,
            ModelThreads threads,
            Function<IoModel, IoModel.Factory> factories) {
        this.enabledAtBoot = enabledAtBoot;
        this.threads = threads;
        this.factories = factories;
        this.usage = ModelUsage.everySecond(threads);
        for (IoModel model : IoModel.values()) {
            slots.put(model, new Slot(model, settings.apply(model)));
        }
    }

    public List<IoModel> models() {
        return List.of(IoModel.values());
    }

    public ServerStatus status(IoModel model) {
        return slots.get(model).status();
    }

    public List<ServerStatus> statuses() {
        return models().stream().map(this::status).toList();
    }

    public EchoStats stats(IoModel model) {
        return slots.get(model).stats;
    }

    /** The port a model listens on unless a start asks for another. */
    public int configuredPort(IoModel model) {
        return slots.get(model).settings().port();
    }

    /** The running server of a model, for the stress engine and metrics; null when stopped. */
    public EchoServer running(IoModel model) {
        return slots.get(model).runningServer();
    }

    /**
     * Threads and CPU time of every model's servers, past and present: what {@code GET /api/servers}, the metrics
     * and the stress engine report as a model's cost.
     */
    public ModelUsage usage() {
        return usage;
    }

    /**
     * Starts a model's server; idempotent. With a port, a stopped server listens there from now on.
     *
     * @throws StartFailedException when the port cannot be bound; the server stays STOPPED
     * @throws FailedToStartException when what the model runs on could not be set up; the server is FAILED
     * @throws UnavailableException when this machine cannot run the model
     */
    public ServerStatus start(IoModel model, Integer port) throws StartFailedException {
        Slot slot = slots.get(model);
        slot.start(port);
        return slot.status();
    }

    public ServerStatus stop(IoModel model) {
        Slot slot = slots.get(model);
        slot.stop();
        return slot.status();
    }

    /** The models configured to run at boot ({@code echo.autostart} and {@code echo.servers.<id>.enabled}). */
    public List<IoModel> enabledAtBoot() {
        return models().stream().filter(enabledAtBoot).toList();
    }

    /**
     * Starts every model enabled at boot; one that cannot bind, or whose transport or threads cannot be set up, is
     * marked FAILED with the reason, and the others go on. One that this machine cannot run stays UNAVAILABLE: the
     * app is fine without it.
     */
    void startEnabled() {
        for (IoModel model : enabledAtBoot()) {
            Optional<String> unavailable = model.unavailability();
            if (unavailable.isPresent()) {
                log.warn("{} not started: {}", model.id(), unavailable.get());
                continue;
            }
            try {
                slots.get(model).start(null);
            } catch (StartFailedException e) {
                slots.get(model).failed(e.getMessage());
                log.error("{} not started: {}", model.id(), e.getMessage());
            } catch (FailedToStartException e) {
                log.error("{} not started: {}", model.id(), e.getMessage()); // FAILED already, with the reason
            }
        }
    }

    /** Stops every server at once, so shutdown takes one grace period, not one per model. */
    void stopAll() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Slot slot : slots.values()) {
            stops.add(CompletableFuture.runAsync(
                    slot::stop, r -> Thread.ofPlatform().name("echo-lab-stop").start(r)));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * One model's server, its settings and its history. Starts and stops take {@code lifecycle}, in turn; the
     * fields they change are guarded by the slot's monitor, held only briefly, so that a status read never waits
     * for a stop's drain.
     */
    private final class Slot {
        private final IoModel model;
        private final EchoStats stats = new EchoStats();
        private final Object lifecycle = new Object();
        private ServerSettings settings;
        private EchoServer server;
        private State state = State.STOPPED;
        private Instant startedAt;
        private String lastError;

        Slot(IoModel model, ServerSettings settings) {
            this.model = model;
            this.settings = settings;
        }

        void start(Integer port) throws StartFailedException {
            Optional<String> unavailable = model.unavailability();
            if (unavailable.isPresent()) {
                throw new UnavailableException(model, unavailable.get());
            }
            synchronized (lifecycle) {
                ServerSettings wanted;
                synchronized (this) {
                    if (server != null && server.isRunning()) {
                        return;
                    }
                    wanted = port == null ? settings : settings.withPort(port);
                }
                EchoServer candidate;
                try {
                    candidate = factories.apply(model).create(new ServerContext(model, wanted, stats, threads));
                    candidate.start();
                } catch (IOException e) {
                    synchronized (this) {
                        lastError = e.getMessage();
                        state = State.STOPPED;
                    }
                    throw new StartFailedException(model, wanted.port(), e);
                } catch (RuntimeException | Error e) {
                    // Whatever it was (a ring the kernel refused, a native library that would not link, no thread
                    // to be had), it is this model's, not the app's: this model is FAILED, the others go on.
                    String reason = reasons(e);
                    failed(reason);
                    throw new FailedToStartException(model, reason, e);
                }
                synchronized (this) {
                    settings = wanted;
                    server = candidate;
                    state = State.RUNNING;
                    startedAt = Instant.now();
                    lastError = null;
                }
                usage.forget();
                log.info("{} listening on {}:{}", model.id(), hostOf(wanted.bindAddress()), candidate.port());
            }
        }

        void stop() {
            synchronized (lifecycle) {
                EchoServer stopping;
                synchronized (this) {
                    stopping = server;
                    server = null;
                    if (state == State.RUNNING) {
                        state = State.STOPPED;
                    }
                }
                if (stopping != null) {
                    stopping.stop(); // the drain: up to the shutdown grace, with no lock that readers need
                    usage.forget();
                    log.info("{} stopped", model.id());
                }
            }
        }

        synchronized void failed(String error) {
            state = State.FAILED;
            lastError = error;
        }

        synchronized ServerSettings settings() {
            return settings;
        }

        synchronized EchoServer runningServer() {
            return server != null && server.isRunning() ? server : null;
        }

        synchronized ServerStatus status() {
            Optional<String> unavailable = model.unavailability();
            boolean running = server != null && server.isRunning();
            State shown = unavailable.isPresent() ? State.UNAVAILABLE : running ? State.RUNNING : state;
            return new ServerStatus(
                    model,
                    shown,
                    hostOf(settings.bindAddress()),
                    running ? server.port() : -1,
                    running ? startedAt : null,
                    unavailable.orElse(lastError),
                    model.transportHere().orElse(null),
                    stats.snapshot());
        }

        /** The messages of a failure and its causes, outermost first: a wrapper's alone rarely says why. */
        private static String reasons(Throwable e) {
            List<String> said = new ArrayList<>();
            for (Throwable t = e; t != null && said.size() < 5; t = t.getCause()) {
                String text =
                        t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
                if (said.stream().noneMatch(s -> s.contains(text))) {
                    said.add(text);
                }
            }
            return String.join(": ", said);
        }

        private static String hostOf(InetAddress address) {
            return address.getHostAddress();
        }
    }
}
