package dev.echolab.cli;

import dev.echolab.stress.ShardMerge;
import dev.echolab.stress.Sharding;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code merge}: the results of a run's shards as one ({@link ShardMerge}, which refuses what it cannot sum honestly),
 * as JSON (the run's JSON; its {@code sharding} says which shards and how well they lined up), Markdown or CSV on
 * stdout. A file may be a pod's whole log: its last line that is a JSON object is the result.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.Version.class,
        usageHelpAutoWidth = true,
        header = "The results of a run's shards as one, or the reason they cannot be.",
        description = {
            "Merges the results of a run's shards: counters summed, latency histograms added exactly, throughput over "
                    + "the seconds every shard was measuring, how far apart the shards started. Refuses (exit 2, "
                    + "saying why) the same run or shard twice, shards of runs split differently, missing shards, "
                    + "and shards that ran different profiles or builds."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Outcome.HELD + ":merged; every shard held",
            Outcome.FELL_SHORT + ":merged; the server under test fell short in a shard (a model FAILED)",
            Outcome.NOT_MEASURED + ":refused (the reason is printed), a file that cannot be read, or merged but "
                    + "nothing valid was measured (a model INCONCLUSIVE, a shard CANCELLED, no connection)"
        })
final class MergeCommand implements Callable<Integer> {

    /** What {@code --format} accepts. */
    enum Format {
        json,
        md,
        csv
    }

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "result.json", description = "Results of run (or logs ending in one)")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--format", defaultValue = "json", description = "json, md or csv (default ${DEFAULT-VALUE})")
    private Format format;

    @Option(
            names = "--allow-partial",
            description = "Merge even when shards are missing: the result says partial: true, and which are missing "
                    + "in its sharding and its notes")
    private boolean allowPartial;

    private final PrintStream stdout;
    private final PrintStream stderr;
    /** Made when the command runs, not when picocli makes every command to parse the arguments. */
    private JsonMapper json;

    MergeCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        RunLogging.configure();
        json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        List<StressRun> shards = new ArrayList<>();
        for (Path file : files) {
            shards.add(read(file));
        }
        ShardMerge.Merged merged;
        try {
            merged = ShardMerge.merge(shards, allowPartial);
        } catch (ShardMerge.Refused e) {
            stderr.println("merge refused: " + e.getMessage());
            return Outcome.NOT_MEASURED;
        }
        StressRun run = merged.run();
        Sharding sharding = run.sharding();
        stderr.printf(
                Locale.ROOT,
                "%d of %d shards (%s)%s; started %.1f ms apart%s%n",
                sharding.shards().size(),
                sharding.count(),
                String.join(", ", sharding.shards()),
                sharding.partial() ? ", partial" : "",
                sharding.startSkewMicros() / 1e3,
                sharding.inStep() ? "" : ", more than 5% of the measured time: synchronized false");
        for (ShardMerge.Skew skew : merged.skews()) {
            stderr.printf(
                    Locale.ROOT,
                    "%s: measured together for %.1f s; windows started %.1f ms and ended %.1f ms apart%n",
                    skew.model(),
                    (skew.commonTo() - skew.commonFrom()) / 1e6,
                    skew.startSkewMicros() / 1e3,
                    skew.endSkewMicros() / 1e3);
        }
        stdout.print(
                switch (format) {
                    case md -> StressTable.markdown(run);
                    case csv -> StressTable.csv(run);
                    case json -> json.writeValueAsString(run) + "\n";
                });
        stdout.flush();
        Outcome outcome = Outcome.of(run, Thresholds.NONE);
        outcome.reasons().forEach(r -> stderr.println("exit " + outcome.code() + ": " + r));
        return outcome.code();
    }

    /** The last line of the file that is a JSON object: a result file, or the log of a run that printed one. */
    private StressRun read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw bad(file + ": no such file");
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith("{")) {
                try {
                    return json.readValue(line, StressRun.class);
                } catch (JacksonException e) {
                    throw bad(file + ": line " + (i + 1) + " is not a run's JSON: " + e.getOriginalMessage());
                }
            }
        }
        throw bad(file + ": no result in it (a line of JSON printed by run)");
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
