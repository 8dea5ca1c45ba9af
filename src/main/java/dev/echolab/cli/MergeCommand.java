package dev.echolab.cli;

import dev.echolab.stress.ShardMerge;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code merge}: the results of a run's shards as one ({@link ShardMerge}), as JSON (the run's JSON plus a
 * {@code merge} entry with each target's skew), Markdown or CSV on stdout. A file may be a pod's whole log: its last
 * line that is a JSON object is the result.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        description = "Merges the results of a run's shards: counters summed, latency histograms added exactly, "
                + "throughput over the seconds every shard was measuring, the skew between shards reported.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:merged; every shard succeeded",
            "1:merged, but a shard failed (or cannot be read)",
            "2:a bad flag or file"
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

    private final PrintStream stdout;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    MergeCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        List<StressRun> shards = new ArrayList<>();
        for (Path file : files) {
            shards.add(read(file));
        }
        ShardMerge.Merged merged = ShardMerge.merge(shards);
        for (ShardMerge.Skew skew : merged.skews()) {
            System.err.printf(
                    "%s: %d shards, starts %.1f ms apart, ends %.1f ms apart, throughput over %d s%n",
                    skew.model(),
                    skew.shards().size(),
                    skew.startSkewMicros() / 1e3,
                    skew.endSkewMicros() / 1e3,
                    skew.throughputSeconds());
        }
        stdout.print(
                switch (format) {
                    case md -> StressTable.markdown(merged.run());
                    case csv -> StressTable.csv(merged.run());
                    case json -> {
                        ObjectNode tree = json.valueToTree(merged.run());
                        tree.set("merge", json.valueToTree(merged.skews()));
                        yield json.writeValueAsString(tree) + "\n";
                    }
                });
        stdout.flush();
        return merged.run().status() == StressRun.Status.SUCCEEDED ? 0 : 1;
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
