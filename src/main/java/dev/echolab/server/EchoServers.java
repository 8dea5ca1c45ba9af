package dev.echolab.server;

import dev.echolab.config.EchoProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The registry of echo servers, one per {@link IoModel}: starts, stops and reports them. Each model keeps one
 * {@link EchoStats} for the life of the process, so its counters only grow across restarts.
 * Thread-safe; a start or stop of one model does not wait for another.
 */
@Component
public class EchoServers {

    private static final Logger log = LoggerFactory.getLogger(EchoServers.class);

    /** RUNNING: listening. STOPPED: not listening, by choice. FAILED: meant to run but could not, see lastError. */
    public enum State { RUNNING, STOPPED, FAILED }

    /** What the API shows of one server. */
    public record Status(IoModel model, State state, String bindAddress, int port, Instant startedAt,
                         String lastError, EchoStats.Snapshot stats) {
    }

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

    private final EchoProperties properties;
    private final Map<IoModel, Slot> slots = new EnumMap<>(IoModel.class);

    public EchoServers(EchoProperties properties) {
        this.properties = properties;
        for (IoModel model : IoModel.values()) {
            slots.put(model, new Slot(model, settings(model)));
        }
    }

    public List<IoModel> models() {
        return List.of(IoModel.values());
    }

    public Status status(IoModel model) {
        return slots.get(model).status();
    }

    public List<Status> statuses() {
        return models().stream().map(this::status).toList();
    }

    public EchoStats stats(IoModel model) {
        return slots.get(model).stats;
    }

    /** The running server of a model, for the stress engine and metrics; null when stopped. */
    public EchoServer running(IoModel model) {
        return slots.get(model).runningServer();
    }

    /** Virtual threads a model holds now (0 for models on platform threads). */
    public int virtualThreads(IoModel model) {
        EchoServer server = running(model);
        return server == null ? 0 : server.virtualThreads();
    }

    /**
     * Starts a model's server; idempotent. With a port, a stopped server listens there from now on.
     *
     * @throws StartFailedException when the port cannot be bound; the server stays STOPPED
     */
    public Status start(IoModel model, Integer port) throws StartFailedException {
        Slot slot = slots.get(model);
        slot.start(port);
        return slot.status();
    }

    public Status stop(IoModel model) {
        Slot slot = slots.get(model);
        slot.stop();
        return slot.status();
    }

    /** The models configured to run at boot ({@code echo.autostart} and {@code echo.servers.<id>.enabled}). */
    public List<IoModel> enabledAtBoot() {
        if (!properties.autostart()) {
            return List.of();
        }
        return models().stream().filter(m -> properties.server(m).enabled()).toList();
    }

    /** Starts every model enabled at boot; one that cannot bind is marked FAILED and the others go on. */
    void startEnabled() {
        for (IoModel model : enabledAtBoot()) {
            try {
                slots.get(model).start(null);
            } catch (StartFailedException e) {
                slots.get(model).failed(e.getMessage());
                log.error("{} not started: {}", model.id(), e.getMessage());
            }
        }
    }

    /** Stops every server at once, so shutdown takes one grace period, not one per model. */
    void stopAll() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Slot slot : slots.values()) {
            stops.add(CompletableFuture.runAsync(slot::stop, r -> Thread.ofPlatform().name("echo-lab-stop").start(r)));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }

    boolean anyRunning() {
        return slots.values().stream().anyMatch(s -> s.runningServer() != null);
    }

    private ServerSettings settings(IoModel model) {
        EchoProperties.ServerProperties server = properties.server(model);
        int threads = server.threads() != null ? server.threads() : defaultThreads(model);
        return new ServerSettings(properties.bindAddress(), properties.port(model),
                properties.maxConnections(), properties.idleTimeout(), properties.shutdownGrace(),
                (int) properties.bufferSize().toBytes(), threads, server.spin());
    }

    private static int defaultThreads(IoModel model) {
        int cores = Runtime.getRuntime().availableProcessors();
        return model == IoModel.THREAD_POOL ? 32 : cores;
    }

    /** One model's server, its settings and its history. Every method is synchronized on the slot. */
    private static final class Slot {
        private final IoModel model;
        private final EchoStats stats = new EchoStats();
        private ServerSettings settings;
        private EchoServer server;
        private State state = State.STOPPED;
        private Instant startedAt;
        private String lastError;

        Slot(IoModel model, ServerSettings settings) {
            this.model = model;
            this.settings = settings;
        }

        synchronized void start(Integer port) throws StartFailedException {
            if (server != null && server.isRunning()) {
                return;
            }
            ServerSettings wanted = port == null ? settings : settings.withPort(port);
            EchoServer candidate = model.create(wanted, stats);
            try {
                candidate.start();
            } catch (IOException e) {
                candidate.stop();
                lastError = e.getMessage();
                state = State.STOPPED;
                throw new StartFailedException(model, wanted.port(), e);
            }
            settings = wanted;
            server = candidate;
            state = State.RUNNING;
            startedAt = Instant.now();
            lastError = null;
            log.info("{} listening on {}:{}", model.id(), hostOf(wanted.bindAddress()), candidate.port());
        }

        synchronized void stop() {
            if (server != null) {
                server.stop();
                server = null;
                log.info("{} stopped", model.id());
            }
            if (state == State.RUNNING) {
                state = State.STOPPED;
            }
        }

        synchronized void failed(String error) {
            state = State.FAILED;
            lastError = error;
        }

        synchronized EchoServer runningServer() {
            return server != null && server.isRunning() ? server : null;
        }

        synchronized Status status() {
            boolean running = server != null && server.isRunning();
            return new Status(model, running ? State.RUNNING : state, hostOf(settings.bindAddress()),
                    running ? server.port() : -1, running ? startedAt : null, lastError, stats.snapshot());
        }

        private static String hostOf(InetAddress address) {
            return address.getHostAddress();
        }
    }
}
