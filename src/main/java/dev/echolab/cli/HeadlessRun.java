package dev.echolab.cli;

import dev.echolab.server.EchoProperties;
import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.stress.ResolvedTarget;
import dev.echolab.stress.Sharding;
import dev.echolab.stress.StressProperties;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import dev.echolab.stress.StressTable;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One headless run, its flags already checked: opens {@code --out}, wires the engine ({@link RunEngine}), starts the
 * {@code --model} servers and the metrics port, waits for {@code --start-at}, runs the stress through
 * {@link StressRuns} (the same engine and JSON as the API) with its progress on stderr, then prints the table and
 * the reasons for the exit code to stderr, and the result to stdout (and {@code --out}).
 *
 * <p>SIGTERM or SIGINT while it runs cancels the run: a shutdown hook cancels it and waits for the result so far to
 * be printed and written, then lets the JVM exit (143 or 130).
 */
final class HeadlessRun {

    private static final Logger log = LoggerFactory.getLogger(HeadlessRun.class);
    /** A shard this late would run short of the others: it exits 2 instead. */
    static final Duration LATE = Duration.ofMillis(500);
    /** How long a signal waits for the result so far to be printed (and posted to a coordinator, 10 s at most). */
    private static final Duration PRINT_WAIT = Duration.ofSeconds(20);

    private static final long POLL_MILLIS = 250;

    /** Everything the flags asked for. */
    record Settings(
            StressRequest request,
            EchoProperties echo,
            StressProperties stress,
            Shard shard,
            Instant startAt,
            int metricsPort,
            Duration linger,
            Path out,
            Thresholds thresholds,
            Coordinated coordinated) {}

    private final Settings settings;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final JsonMapper json = JsonMapper.builder().build();
    private final BuildInfo build = BuildInfo.current();
    /** Counted down once the result is out: what a signal waits for. */
    private final CountDownLatch printed = new CountDownLatch(1);

    private volatile String runId;
    /** A signal cancelled the run: the JVM exits 128 + the signal, whatever the result says. */
    private volatile boolean signalled;
    /** When the run is meant to start: {@code --start-at}, or the instant the coordinator gives; null for now. */
    private Instant startAt;

    HeadlessRun(Settings settings, PrintStream stdout, PrintStream stderr) {
        this.settings = settings;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int call() throws IOException, InterruptedException {
        OutFile out;
        try {
            out = settings.out() == null ? null : OutFile.open(settings.out());
        } catch (IOException e) {
            stderr.println("error: --out " + settings.out() + " cannot be written: " + e);
            return Outcome.NOT_MEASURED;
        }
        try (out;
                RunEngine engine =
                        new RunEngine(settings.echo(), settings.stress(), settings.metricsPort() > 0, build)) {
            Thread onSignal = Thread.ofPlatform().name("echo-lab-run-signal").unstarted(() -> onSignal(engine));
            Runtime.getRuntime().addShutdownHook(onSignal);
            try (MetricsServer metrics = metrics(engine)) {
                if (settings.metricsPort() > 0 && metrics == null) {
                    return Outcome.NOT_MEASURED;
                }
                return run(engine, out);
            } finally {
                printed.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException e) {
                    // the JVM is exiting: the hook is running
                }
            }
        }
    }

    private int run(RunEngine engine, OutFile out) throws IOException, InterruptedException {
        List<ResolvedTarget> targets = targets(engine);
        if (targets == null) {
            return Outcome.NOT_MEASURED;
        }
        Coordinated coordinated = settings.coordinated();
        startAt = coordinated == null
                ? settings.startAt()
                : coordinated.awaitStart(
                        targets.stream().map(t -> t.address().get()).toList(), settings.request());
        if (!waitForStart()) {
            return Outcome.NOT_MEASURED;
        }
        StressRuns runs = engine.runs();
        StressRun run = runs.submit(settings.request(), targets);
        runId = run.id();
        // From the JVM's start: what "start in under 2 s" is measured by (docs/cli.md).
        log.info(
                "run {} started {} s after the JVM",
                run.id(),
                String.format(
                        Locale.ROOT,
                        "%.2f",
                        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3));
        try (ProgressView progress = ProgressView.on(stderr, settings.request())) {
            while (!run.finished()) {
                Thread.sleep(POLL_MILLIS);
                run = runs.find(run.id()).orElseThrow();
                if (run.live() != null) {
                    progress.show(run.live());
                }
            }
            if (run.status() != StressRun.Status.CANCELLED) {
                progress.done();
            }
        }
        run = sharded(run);
        String result = json.writeValueAsString(run);
        stderr.println();
        stderr.print(StressTable.markdown(run));
        Outcome outcome = Outcome.of(run, settings.thresholds());
        String said = signalled ? "cancelled" : "exit " + outcome.code();
        outcome.reasons().forEach(r -> stderr.println(said + ": " + r));
        stdout.println(result);
        stdout.flush();
        if (out != null) {
            out.write(result + "\n");
            stderr.println("result written to " + out.path());
        }
        if (coordinated != null) {
            coordinated.post(run); // the partial one too, after a signal: the coordinator merges what there is
        }
        printed.countDown();
        if (!settings.linger().isZero() && run.status() != StressRun.Status.CANCELLED) {
            log.info("lingering {} so the last samples are scraped", Durations.format(settings.linger()));
            Thread.sleep(settings.linger());
        }
        return outcome.code();
    }

    /**
     * A signal (SIGTERM, SIGINT): cancels the run and waits until what it measured is printed and written; the JVM
     * then exits with 128 + the signal. Runs on a normal exit too, after the result is out: then it does nothing.
     */
    private void onSignal(RunEngine engine) {
        if (printed.getCount() == 0) {
            return;
        }
        String id = runId;
        if (id == null) {
            stderr.println("cancelled before the run began: nothing was measured");
            return;
        }
        signalled = true;
        stderr.println();
        stderr.println("cancelling the run: the result so far follows");
        engine.runs().cancel(id);
        try {
            if (!printed.await(PRINT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                stderr.println("the result was not printed within " + Durations.format(PRINT_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With a shard, the run marked as this shard's (and its results), with when it was meant to start and did. */
    private StressRun sharded(StressRun run) {
        Shard shard = settings.shard();
        if (shard.label() == null) {
            return run;
        }
        return new StressRun(
                        run.id(),
                        run.status(),
                        run.progress(),
                        run.request(),
                        run.createdAt(),
                        run.startedAt(),
                        run.finishedAt(),
                        run.live(),
                        run.results().stream()
                                .map(r -> r.withShard(shard.label()))
                                .toList(),
                        run.manifest(),
                        null) // a headless run stores nothing
                .withSharding(Sharding.of(
                        shard.label(),
                        shard.indexed() ? shard.index() : null,
                        shard.count(),
                        startAt,
                        run.startedAt(),
                        build.version()));
    }

    /** The metrics port, serving; null (after saying why) when it cannot be had, or none was asked for. */
    private MetricsServer metrics(RunEngine engine) {
        if (settings.metricsPort() == 0) {
            return null;
        }
        try {
            return MetricsServer.start(settings.metricsPort(), engine.registry());
        } catch (IOException e) {
            stderr.println("error: --metrics-port " + settings.metricsPort() + " cannot be served: " + e.getMessage());
            return null;
        }
    }

    /** Starts the models, and resolves every target; null (after saying why) when one cannot be had at all. */
    private List<ResolvedTarget> targets(RunEngine engine) {
        for (String id : settings.request().models()) {
            IoModel model = IoModel.byId(id).orElseThrow();
            try {
                engine.start(model);
            } catch (EchoServers.StartFailedException | EchoServers.UnavailableException e) {
                stderr.println("error: --model " + id + " cannot start here: " + e.getMessage());
                return null;
            }
            log.info("{} listens on port {}", id, engine.servers().status(model).port());
        }
        List<ResolvedTarget> targets = ResolvedTarget.of(settings.request(), engine.servers());
        int models = settings.request().models().size();
        for (int i = 0; i < settings.request().targets().size(); i++) {
            InetSocketAddress address = targets.get(models + i).address().get();
            if (address.isUnresolved()) {
                stderr.println("error: --target "
                        + settings.request().targets().get(i).address() + ": unknown host " + address.getHostString());
                return null;
            }
        }
        return targets;
    }

    /** Sleeps until the start; false (after saying so) when that moment has already passed. */
    private boolean waitForStart() throws InterruptedException {
        if (startAt == null) {
            return true;
        }
        Duration wait = Duration.between(Instant.now(), startAt);
        if (wait.compareTo(LATE.negated()) < 0) {
            stderr.printf(
                    "error: --start-at %s was %.1f s ago: this shard would start late and run short of the others; "
                            + "launch with a later --start-at%n",
                    startAt, -wait.toMillis() / 1e3);
            return false;
        }
        if (wait.isPositive()) {
            log.info("waiting {} s for the start at {}", Math.round(wait.toMillis() / 1e3), startAt);
            Thread.sleep(wait);
        }
        return true;
    }
}
