package dev.echolab.cli;

import dev.echolab.shards.RoundView;
import dev.echolab.shards.ShardClient;
import dev.echolab.stress.Coordination;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressTable;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code wait}: follows a group's round at the coordinator until it ends, then prints the merged run (JSON on stdout,
 * the table on stderr) and where it is stored, and exits as {@code run} does. The one command that tells when a
 * sharded run on Kubernetes or compose is done, whether it succeeded or not.
 */
@Command(
        name = "wait",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = "Waits until the coordinator has merged a group's round of shards (run --coordinator), prints "
                + "the merged run as one line of JSON on stdout and its table and address on stderr.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:merged from every shard, and the run succeeded",
            "1:merged from every shard, and the run failed: the server fell short",
            "2:no valid whole run: shards missing or stopped (partial), merge refused, the round abandoned, nothing "
                    + "measured (inconclusive), or no answer in time"
        })
final class WaitCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofSeconds(2);

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--coordinator",
            required = true,
            paramLabel = "url",
            description = "The Echo Lab service the generators were started with")
    private URI coordinator;

    @Option(
            names = "--group",
            required = true,
            paramLabel = "name",
            description = "The group (the Kubernetes Job's name)")
    private String group;

    @Option(
            names = "--round",
            paramLabel = "id",
            description = "This round of the group (the Job's uid); default: the group's newest, once one exists")
    private String round;

    @Option(
            names = "--timeout",
            paramLabel = "time",
            defaultValue = "30m",
            converter = Durations.class,
            description = "Give up (exit 2) after this long (default ${DEFAULT-VALUE})")
    private Duration timeout;

    private final PrintStream stdout;
    private final JsonMapper json = JsonMapper.builder().build();

    WaitCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!"http".equals(coordinator.getScheme()) && !"https".equals(coordinator.getScheme())) {
            throw new ParameterException(spec.commandLine(), "--coordinator " + coordinator + " is not an http(s) URL");
        }
        Instant deadline = Instant.now().plus(timeout);
        ShardClient client =
                new ShardClient(new ShardClient.Settings(coordinator, group, round, null, null, null, timeout));
        String said = null;
        RoundView view;
        try {
            view = client.round();
            while (!view.finished()) {
                said = say(view, said);
                if (Instant.now().plus(POLL).isAfter(deadline)) {
                    spec.commandLine()
                            .getErr()
                            .println("error: round " + view.round() + " of " + group + " is still " + view.state()
                                    + " after " + timeout.toSeconds() + " s");
                    return 2;
                }
                Thread.sleep(POLL);
                view = client.round();
            }
        } catch (ShardClient.Refused e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        say(view, said);
        if (view.runId() == null) {
            spec.commandLine()
                    .getErr()
                    .println("error: no run: round " + view.round() + " " + view.state() + ": " + view.detail());
            return 2;
        }
        StressRun run = client.run(view);
        System.err.println();
        System.err.print(StressTable.markdown(run));
        Coordination c = run.coordination();
        System.err.printf(
                Locale.ROOT,
                "merged run %s (%s%s): %s, stored at %s%n",
                run.id(),
                run.status(),
                c != null && c.partial() ? ", partial" : "",
                c == null || c.startSkewMicros() == null
                        ? "start skew not measured"
                        : String.format(Locale.ROOT, "shards started within %.1f ms", c.startSkewMicros() / 1e3),
                coordinator.resolve(view.run()));
        stdout.println(json.writeValueAsString(run));
        stdout.flush();
        return exitCode(run);
    }

    /** 0 whole and succeeded; 1 whole and the server fell short; 2 anything that is not a whole, valid run. */
    static int exitCode(StressRun run) {
        if (run.coordination() != null && run.coordination().partial()) {
            return 2;
        }
        return switch (run.status()) {
            case SUCCEEDED -> 0;
            case FAILED -> 1;
            default -> 2;
        };
    }

    /** One line on stderr each time the round moves on. */
    private static String say(RoundView view, String said) {
        long ready = view.members().stream().filter(m -> m.readyAt() != null).count();
        long results = view.members().stream().filter(m -> m.resultAt() != null).count();
        String line = switch (view.state()) {
            case "JOINING" ->
                String.format(
                        "round %s of %s: %d of %d shards joined, %d ready",
                        view.round(), view.group(), view.members().size(), view.shards(), ready);
            case "STARTED" ->
                String.format(
                        "round %s of %s: started at %s; %d of %d results in",
                        view.round(), view.group(), view.startAt(), results, view.shards());
            default ->
                String.format(
                        "round %s of %s: %s%s",
                        view.round(), view.group(), view.state(), view.detail() == null ? "" : ": " + view.detail());
        };
        if (!line.equals(said)) {
            System.err.println(line);
        }
        return line;
    }
}
