package dev.echolab.cli;

import dev.echolab.server.IoModel;
import dev.echolab.stress.StressRequest;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code run}: one stress from the command line, the same engine and JSON as {@code POST /api/stress}, then exit.
 * Checks every flag before Spring starts; {@link HeadlessRun} does the rest.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Runs one stress against --target (repeatable) or one --model started in-process, prints the "
                    + "result as one line of JSON on stdout (or --out) and exits. Logs, progress and the table go to "
                    + "stderr. --echo.*=… and --spring.*=… are passed to Spring."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the run succeeded and every threshold held",
            "1:the run failed, a threshold broke, or the shard started late",
            "2:a bad flag (the message names it)"
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--target",
            paramLabel = "host:port[=model]",
            description = "A server to load; repeatable, "
                    + "loaded one after another. host:port=netty names the model that serves there, so that the result and "
                    + "the meters carry its name and a dashboard joins them with the server's")
    private List<String> targets = new ArrayList<>();

    @Option(
            names = "--model",
            paramLabel = "id",
            description = "Start this model's server in-process on an " + "ephemeral port and load it")
    private String model;

    @Option(
            names = "--connections",
            paramLabel = "n",
            defaultValue = "500",
            description = "Connections, across every shard " + "(default ${DEFAULT-VALUE})")
    private int connections;

    @Option(
            names = "--payload-bytes",
            paramLabel = "n",
            defaultValue = "64",
            description = "Bytes per message (default " + "${DEFAULT-VALUE})")
    private int payloadBytes;

    @Option(
            names = "--duration",
            paramLabel = "time",
            converter = Converters.Time.class,
            description = "Measured time (default 10s, " + "unless --messages-per-connection)")
    private Duration duration;

    @Option(
            names = "--messages-per-connection",
            paramLabel = "n",
            description = "Measured messages per connection, instead of " + "a duration")
    private Long messagesPerConnection;

    @Option(
            names = "--warmup",
            paramLabel = "time",
            defaultValue = "2s",
            converter = Converters.Time.class,
            description = "Load " + "before measuring (default ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(
            names = "--ramp-up",
            paramLabel = "time",
            defaultValue = "0s",
            converter = Converters.Time.class,
            description = "Connections opened evenly over this time (default ${DEFAULT-VALUE})")
    private Duration rampUp;

    @Option(
            names = "--pipeline",
            paramLabel = "n",
            defaultValue = "1",
            description = "Messages in flight per connection, closed " + "loop (default ${DEFAULT-VALUE})")
    private int pipeline;

    @Option(names = "--rate", paramLabel = "msg/s", description = "Open loop: messages per second, across every shard")
    private Integer rate;

    @Option(
            names = "--connect-timeout",
            paramLabel = "time",
            defaultValue = "5s",
            converter = Converters.Time.class,
            description = "(default ${DEFAULT-VALUE})")
    private Duration connectTimeout;

    @Option(
            names = "--response-timeout",
            paramLabel = "time",
            defaultValue = "2s",
            converter = Converters.Time.class,
            description = "(default ${DEFAULT-VALUE})")
    private Duration responseTimeout;

    @Option(
            names = "--threads",
            paramLabel = "n",
            description = "Load-generator threads (default: one per core, at most one per connection)")
    private Integer threads;

    @Option(
            names = "--shard",
            paramLabel = "i/N",
            converter = Converters.ShardOf.class,
            description = "Take share " + "i (from 0) of N of the connections and the rate")
    private Shard shard;

    @Option(
            names = "--shards",
            paramLabel = "N",
            description =
                    "With JOB_COMPLETION_INDEX: --shard "
                            + "$JOB_COMPLETION_INDEX/N. Without: an equal share, the remainder dropped, labelled with the host name")
    private Integer shards;

    @Option(
            names = "--start-at",
            paramLabel = "time",
            converter = Converters.StartAt.class,
            description =
                    "Start "
                            + "then (ISO-8601 or epoch ms; now: at once), so every shard starts together; fails if already late")
    private Instant startAt;

    @Option(names = "--out", paramLabel = "file", description = "Write the result JSON here instead of stdout")
    private Path out;

    @Option(
            names = "--metrics-port",
            paramLabel = "port",
            defaultValue = "0",
            description = "Serve /actuator/health and " + "/actuator/prometheus on this port while running (0 = none)")
    private int metricsPort;

    @Option(
            names = "--linger",
            paramLabel = "time",
            defaultValue = "0s",
            converter = Converters.Time.class,
            description = "Stay up this " + "long after the run, so its last samples are scraped")
    private Duration linger;

    @Option(
            names = "--max-p99",
            paramLabel = "time",
            converter = Converters.Time.class,
            description = "Fail (exit " + "1) if a p99 latency is above this, e.g. 5ms")
    private Duration maxP99;

    @Option(names = "--min-rate", paramLabel = "msg/s", description = "Fail (exit 1) if a throughput is below this")
    private Double minRate;

    @Option(names = "--max-errors", paramLabel = "n", description = "Fail (exit 1) if a target had more errors")
    private Long maxErrors;

    @Mixin
    private CoordinatorOptions coordination = new CoordinatorOptions();

    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    private final PrintStream stdout;
    private final Map<String, String> env;

    RunCommand(PrintStream stdout) {
        this(stdout, System.getenv());
    }

    RunCommand(PrintStream stdout, Map<String, String> env) {
        this.stdout = stdout;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        List<String> springArgs = springArgs();
        Shard share = coordination.join(share(), startAt);
        StressRequest request = request(share);
        if (startAt != null && Instant.now().isAfter(startAt.plus(HeadlessRun.LATE))) {
            // Say so before spending seconds on starting Spring; HeadlessRun checks again once it is up.
            spec.commandLine()
                    .getErr()
                    .println("error: --start-at " + startAt + " has passed: this shard would "
                            + "start late and run short of the others; launch with a later --start-at");
            return 1;
        }
        if (share.dropped(connections) > 0 || rate != null && share.dropped(rate) > 0) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "%s takes an equal share of %d: %d connections%s; the remainder "
                                    + "(%d connections%s) is dropped%n",
                            share.label(),
                            share.count(),
                            request.connections(),
                            rate == null ? "" : " at " + request.ratePerSecond() + " msg/s",
                            share.dropped(connections),
                            rate == null ? "" : ", " + share.dropped(rate) + " msg/s");
        }
        HeadlessRun.Settings settings = new HeadlessRun.Settings(
                request,
                addresses(),
                model == null ? null : IoModel.byId(model).orElseThrow(),
                share,
                startAt,
                metricsPort,
                linger,
                out,
                new Thresholds(maxP99, minRate, maxErrors),
                springArgs,
                coordination.coordinated());
        return new HeadlessRun(settings, stdout).call();
    }

    /** {@code --echo.*} and {@code --spring.*} go to Spring; any other unknown flag is an error. */
    private List<String> springArgs() {
        for (String arg : unmatched) {
            if (!arg.startsWith("--echo.") && !arg.startsWith("--spring.") || !arg.contains("=")) {
                throw bad("unknown flag " + arg + " (only --echo.*=value and --spring.*=value are passed to Spring)");
            }
        }
        return List.copyOf(unmatched);
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

    private StressRequest request(Shard share) {
        if ((targets.isEmpty()) == (model == null)) {
            throw bad("--target or --model: give targets, or one model, not both");
        }
        if (model != null && IoModel.byId(model).isEmpty()) {
            throw bad("--model " + model + " is not a model id ("
                    + String.join(
                            ", ",
                            Arrays.stream(IoModel.values()).map(IoModel::id).toList()) + ")");
        }
        atLeast("--connections", connections, 1);
        atLeast("--payload-bytes", payloadBytes, 1);
        atLeast("--pipeline", pipeline, 1);
        atLeast("--metrics-port", metricsPort, 0);
        if (metricsPort > 65535) {
            throw bad("--metrics-port must be at most 65535, not " + metricsPort);
        }
        if (rate != null) {
            atLeast("--rate", rate, 1);
        }
        if (threads != null) {
            atLeast("--threads", threads, 1);
            if (threads > 1024) {
                throw bad("--threads must be at most 1024, not " + threads);
            }
        }
        if (messagesPerConnection != null) {
            atLeast("--messages-per-connection", messagesPerConnection, 1);
        }
        if (duration != null && messagesPerConnection != null) {
            throw bad("--duration and --messages-per-connection: give one");
        }
        if (duration != null && duration.isZero()) {
            throw bad("--duration must be more than 0");
        }
        positiveMillis("--connect-timeout", connectTimeout);
        positiveMillis("--response-timeout", responseTimeout);
        if (maxP99 != null && maxP99.isZero() || minRate != null && minRate < 0) {
            throw bad(maxP99 != null && maxP99.isZero() ? "--max-p99 must be more than 0" : "--min-rate must be >= 0");
        }
        if (maxErrors != null) {
            atLeast("--max-errors", maxErrors, 0);
        }
        int myConnections = (int) share.share(connections);
        if (myConnections < 1) {
            throw bad("--connections " + connections + " leaves shard " + share.label() + " without a connection");
        }
        Integer myRate = rate == null ? null : (int) share.share(rate);
        if (myRate != null && myRate < 1) {
            throw bad("--rate " + rate + " leaves shard " + share.label() + " without a message per second");
        }
        return new StressRequest(
                model == null ? List.of() : List.of(model),
                addresses().stream()
                        .map(a -> new StressTarget(a.address(), a.model()))
                        .toList(),
                myConnections,
                payloadBytes,
                duration == null ? null : duration.toNanos() / 1e9,
                messagesPerConnection,
                warmup.toNanos() / 1e9,
                pipeline,
                myRate,
                rampUp.toNanos() / 1e9,
                (int) connectTimeout.toMillis(),
                (int) responseTimeout.toMillis(),
                null,
                threads,
                null);
    }

    /** The targets as addresses, unresolved: a name is looked up when its turn comes. */
    private List<HeadlessRun.Address> addresses() {
        List<HeadlessRun.Address> addresses = new ArrayList<>();
        for (String target : targets) {
            try {
                addresses.add(HeadlessRun.Address.parse(target));
            } catch (IllegalArgumentException e) {
                throw bad("--target " + target + ": " + e.getMessage());
            }
        }
        return addresses;
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

    private void atLeast(String flag, long value, long min) {
        if (value < min) {
            throw bad(flag + " must be at least " + min + ", not " + value);
        }
    }

    private void positiveMillis(String flag, Duration value) {
        if (value.toMillis() < 1 || value.toMillis() > 600_000) {
            throw bad(flag + " must be between 1ms and 10m, not " + value.toMillis() + "ms");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
