package dev.echolab.cli;

import dev.echolab.server.IoModel;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRequestValidator;
import dev.echolab.stress.StressRequestValidator.Violation;
import dev.echolab.stress.StressTarget;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code run}: one stress from the command line, then exit. Its flags become the same {@link StressRequest} as the
 * body of {@code POST /api/stress} (a flag left out is the request's default), checked by the same validator with
 * the same {@code echo.stress.*} limits; {@link HeadlessRun} does the rest.
 *
 * <p>Over 300 lines because most of it is its 24 flags, each with the help text {@code run --help} prints: the
 * command's whole usage reads here, in one place. The code is the mapping to {@link StressRequest} and the shard's
 * share; should it grow, the seam is that mapping ({@code whole}, {@code validate}, {@code share}) apart from the
 * flags.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "One stress run, then exit: the result as JSON on stdout, the exit code for a pipeline.",
        description = {
            "Runs one stress against --target (repeatable) or --model (started in-process), prints the result as "
                    + "one line of JSON on stdout (and to --out) and exits. Logs, progress and the table go to "
                    + "stderr. Times read 500ms, 90s, 1m30s, 2m. The request is POST /api/stress's, checked "
                    + "against the same echo.stress.* limits: --echo.stress.max-connections=50000 raises one; "
                    + "--logging.level.<name>=<level> sets a log level.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Outcome.HELD + ":every model held: the run succeeded and every threshold held",
            Outcome.FELL_SHORT + ":the server under test fell short: a threshold broke, or a model FAILED "
                    + "(bytes lost or wrong, errors)",
            Outcome.NOT_MEASURED + ":bad usage, or nothing valid was measured: a bad flag (named), --out not "
                    + "writable, an unreachable target, a model or run INCONCLUSIVE, a client-bound result with "
                    + "thresholds, a --start-at already passed",
            "130:cancelled by SIGINT (Ctrl-C): the partial CANCELLED result is printed and written to --out",
            "143:cancelled by SIGTERM: the same"
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--target",
            paramLabel = "host:port[=model]",
            description = "A server to load; repeatable, loaded one after another (after the --model ones). "
                    + "host:port=netty names the model that serves there, for the result and the meters")
    private List<String> targets = new ArrayList<>();

    @Option(
            names = "--model",
            paramLabel = "id",
            description = "A model to start in-process on an ephemeral port and load; repeatable, each once")
    private List<String> models = new ArrayList<>();

    @Option(
            names = "--connections",
            paramLabel = "n",
            description = "Connections, across every shard (default ${bundle:default.connections})")
    private Integer connections;

    @Option(
            names = "--payload-bytes",
            paramLabel = "n",
            description = "Bytes per message (default ${bundle:default.payloadBytes})")
    private Integer payloadBytes;

    @Option(
            names = "--duration",
            paramLabel = "time",
            converter = Durations.class,
            description = "Measured time (default ${bundle:default.durationSeconds}, unless --messages-per-connection)")
    private Duration duration;

    @Option(
            names = "--messages-per-connection",
            paramLabel = "n",
            description = "Measured messages per connection, instead of a duration")
    private Long messagesPerConnection;

    @Option(
            names = "--warmup",
            paramLabel = "time",
            converter = Durations.class,
            description = "Load before measuring (default ${bundle:default.warmupSeconds})")
    private Duration warmup;

    @Option(
            names = "--ramp-up",
            paramLabel = "time",
            converter = Durations.class,
            description = "Connections opened evenly over this time (default ${bundle:default.rampUpSeconds})")
    private Duration rampUp;

    @Option(
            names = "--pipeline",
            paramLabel = "n",
            description = "Messages in flight per connection, closed loop (default ${bundle:default.pipeline})")
    private Integer pipeline;

    @Option(
            names = "--rate",
            paramLabel = "msg/s",
            description = "Open loop: messages per second, across every shard (default: closed loop)")
    private Integer rate;

    @Option(
            names = "--connect-timeout",
            paramLabel = "time",
            converter = Durations.class,
            description = "A connect that takes longer fails (default ${bundle:default.connectTimeoutMs})")
    private Duration connectTimeout;

    @Option(
            names = "--response-timeout",
            paramLabel = "time",
            converter = Durations.class,
            description = "A connection that waits this long for an echoed byte is given up "
                    + "(default ${bundle:default.responseTimeoutMs})")
    private Duration responseTimeout;

    @Option(
            names = "--idle-connections",
            paramLabel = "n",
            description = "Extra connections that stay silent for the whole run, across every shard "
                    + "(default ${bundle:default.idleConnections})")
    private Integer idleConnections;

    @Option(
            names = "--repeats",
            paramLabel = "n",
            description = "Times each model is measured (default ${bundle:default.repeats})")
    private Integer repeats;

    @Option(
            names = "--threads",
            paramLabel = "n",
            description = "Load-generator threads (default: echo.stress.client-threads, else one per core, at most "
                    + "one per connection)")
    private Integer threads;

    @Option(
            names = "--shard",
            paramLabel = "i/N",
            converter = Converters.ShardOf.class,
            description = "Take share i (from 0) of N of the connections, the rate and the idle connections")
    private Shard shard;

    @Option(
            names = "--shards",
            paramLabel = "N",
            description = "With JOB_COMPLETION_INDEX: --shard $JOB_COMPLETION_INDEX/N. Without: an equal share, the "
                    + "remainder dropped, labelled with the host name")
    private Integer shards;

    @Option(
            names = "--start-at",
            paramLabel = "time",
            converter = Converters.StartAt.class,
            description = "Start then (ISO-8601 or epoch ms; now: at once), so every shard starts together; exits 2 "
                    + "if that has passed by more than 0.5 s")
    private Instant startAt;

    @Option(
            names = "--out",
            paramLabel = "file",
            description = "Also write the result JSON here; checked writable before the run starts")
    private Path out;

    @Option(
            names = "--metrics-port",
            paramLabel = "port",
            description = "Serve /actuator/health and /actuator/prometheus on this port while running (default: none)")
    private Integer metricsPort;

    @Option(
            names = "--linger",
            paramLabel = "time",
            converter = Durations.class,
            description = "Stay up this long after the run, so its last samples are scraped (default 0s)")
    private Duration linger;

    @Option(
            names = "--max-p99",
            paramLabel = "time",
            converter = Durations.class,
            description = "Exit 1 if a p99 latency is above this, e.g. 5ms")
    private Duration maxP99;

    @Option(names = "--min-rate", paramLabel = "msg/s", description = "Exit 1 if a throughput is below this")
    private Double minRate;

    @Option(names = "--max-errors", paramLabel = "n", description = "Exit 1 if a target had more errors")
    private Long maxErrors;

    @Mixin
    private CoordinatorOptions coordination = new CoordinatorOptions();

    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> env;

    RunCommand(PrintStream stdout, PrintStream stderr, Map<String, String> env) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        RunLogging.configure();
        PassThrough passThrough;
        try {
            passThrough = PassThrough.read(unmatched, env);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        Shard asked = share();
        StressRequest whole = whole();
        validate(whole, asked.of(whole), asked, passThrough);
        checkOthers();
        // Joined only once the flags hold: a coordinator may give this generator its index.
        Shard share = coordination.join(asked, startAt);
        StressRequest request = share.of(whole);
        if (startAt != null && Instant.now().isAfter(startAt.plus(HeadlessRun.LATE))) {
            // Say so before starting anything; HeadlessRun checks again as it starts.
            stderr.println("error: --start-at " + startAt + " has passed: this shard would start late and run short "
                    + "of the others; launch with a later --start-at");
            return Outcome.NOT_MEASURED;
        }
        if (share.dropped(whole.connections()) > 0 || rate != null && share.dropped(rate) > 0) {
            stderr.printf(
                    "%s takes an equal share of %d: %d connections%s; the remainder (%d connections%s) is dropped%n",
                    share.label(),
                    share.count(),
                    request.connections(),
                    rate == null ? "" : " at " + request.ratePerSecond() + " msg/s",
                    share.dropped(whole.connections()),
                    rate == null ? "" : ", " + share.dropped(rate) + " msg/s");
        }
        passThrough.logLevels().forEach(RunLogging::level);
        HeadlessRun.Settings settings = new HeadlessRun.Settings(
                request,
                passThrough.echo(),
                passThrough.stress(),
                share,
                startAt,
                metricsPort == null ? 0 : metricsPort,
                linger == null ? Duration.ZERO : linger,
                out,
                new Thresholds(maxP99, minRate, maxErrors),
                coordination.coordinated());
        return new HeadlessRun(settings, stdout, stderr).call();
    }

    /** The request as the flags say it: each flag left out is null, so the request's default. */
    private StressRequest whole() {
        return new StressRequest(
                models,
                targets.stream().map(StressTarget::parse).toList(),
                connections,
                payloadBytes,
                seconds(duration),
                messagesPerConnection,
                seconds(warmup),
                pipeline,
                rate,
                seconds(rampUp),
                millis(connectTimeout),
                millis(responseTimeout),
                idleConnections,
                threads,
                repeats);
    }

    /**
     * This shard's request, checked as the API checks a request, then its share against the whole: every problem,
     * each naming its flag.
     */
    private void validate(StressRequest whole, StressRequest request, Shard share, PassThrough passThrough) {
        List<String> problems = new ArrayList<>();
        Set<String> shared = Set.of("connections", "ratePerSecond", "idleConnections");
        try (StressRequestValidator validator = StressRequestValidator.of(passThrough.stress())) {
            for (Violation v : validator.validate(request)) {
                boolean ofShare = share.count() > 1 && shared.contains(v.field());
                problems.add(RunFlags.describe(v, request)
                        + (ofShare ? " (" + share.label() + "'s share of " + field(whole, v.field()) + ")" : ""));
            }
        }
        for (String model : request.models()) {
            if (model != null && IoModel.byId(model).isEmpty()) {
                problems.add("--model " + model + ": no such model ("
                        + Arrays.stream(IoModel.values()).map(IoModel::id).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw bad(String.join(System.lineSeparator() + "error: ", problems));
        }
    }

    private static Object field(StressRequest request, String field) {
        return switch (field) {
            case "connections" -> request.connections();
            case "ratePerSecond" -> request.ratePerSecond();
            default -> request.idleConnections();
        };
    }

    /** The flags that are the command line's own, not the request's. */
    private void checkOthers() {
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
            throw bad("--metrics-port must be from 1 to 65535, not " + metricsPort);
        }
        if (maxP99 != null && maxP99.isZero()) {
            throw bad("--max-p99 must be more than 0");
        }
        if (minRate != null && minRate < 0) {
            throw bad("--min-rate must be at least 0, not " + minRate);
        }
        if (maxErrors != null && maxErrors < 0) {
            throw bad("--max-errors must be at least 0, not " + maxErrors);
        }
    }

    private Shard share() {
        if (shard != null && shards != null) {
            throw bad("--shard and --shards: give one (--shard i/N, or --shards N with JOB_COMPLETION_INDEX)");
        }
        if (shard != null) {
            return shard;
        }
        if (shards == null) {
            return Shard.WHOLE;
        }
        if (shards < 1) {
            throw bad("--shards must be at least 1, not " + shards);
        }
        String index = env.get("JOB_COMPLETION_INDEX");
        if (index == null || index.isBlank()) {
            return Shard.unindexed(shards, hostName(env));
        }
        if (!index.matches("\\d{1,6}") || Integer.parseInt(index) >= shards) {
            throw bad("--shards " + shards + ": JOB_COMPLETION_INDEX=" + index + " is not an index below it");
        }
        return Shard.indexed(Integer.parseInt(index), shards);
    }

    /** What compose replicas are told apart by: the container's host name. */
    static String hostName(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static Double seconds(Duration time) {
        return time == null ? null : time.toNanos() / 1e9;
    }

    /** Whole milliseconds; past an int, the most an int holds, which the request's limit then refuses. */
    private static Integer millis(Duration time) {
        return time == null ? null : (int) Math.min(Integer.MAX_VALUE, time.toMillis());
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
