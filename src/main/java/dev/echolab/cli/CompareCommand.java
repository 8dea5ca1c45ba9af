package dev.echolab.cli;

import dev.echolab.history.Comparison;
import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.history.Comparison.Verdict;
import dev.echolab.history.ComparisonTable;
import dev.echolab.history.Comparisons;
import dev.echolab.history.HistoryProperties;
import dev.echolab.stress.StressRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code compare}: stored results (a run's JSON, as {@code run} prints it or {@code GET /api/stress/{id}} answers)
 * compared with the statistics of {@code GET /api/stress/compare} ({@link Comparisons}), as Markdown or JSON on
 * stdout. Reads files only: no service, no database.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Compares the candidate runs with the base runs, model by model: the medians, the Hodges-Lehmann shift "
                    + "with its interval, the Mann-Whitney U test across runs, and a verdict better, worse, same or "
                    + "inconclusive (with about how many runs a side would decide) for msg/s, p50, p99, p99.9 and "
                    + "server CPU µs per message. Each repeat of a run counts as one run. With --run, --base and "
                    + "--candidate are two models of those runs; one model on both sides is its odd repeats against "
                    + "its even ones (an A/A comparison).",
            "e.g. compare --base a1.json,a2.json,a3.json,a4.json --candidate b1.json,b2.json,b3.json,b4.json",
            "     compare --run r.json --base netty --candidate multiplexing"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:compared; no verdict is worse",
            "1:compared; at least one verdict is worse",
            "2:a bad flag or file, refused input (a run named twice, a run that did not succeed without "
                    + "--include-failed, a model the run did not load), or nothing comparable (no model with "
                    + "values on both sides)"
        })
final class CompareCommand implements Callable<Integer> {

    /** What {@code --format} accepts. */
    enum Format {
        md,
        json
    }

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--base",
            split = ",",
            required = true,
            paramLabel = "result.json|model",
            description = "Base runs' result files, comma-separated or repeated; with --run, the base model")
    private List<String> base = new ArrayList<>();

    @Option(
            names = "--candidate",
            split = ",",
            required = true,
            paramLabel = "result.json|model",
            description = "Candidate runs' result files; with --run, the candidate model")
    private List<String> candidate = new ArrayList<>();

    @Option(
            names = "--run",
            split = ",",
            paramLabel = "result.json",
            description = "Runs whose models are compared with each other")
    private List<Path> run = new ArrayList<>();

    @Option(
            names = "--alpha",
            paramLabel = "p",
            defaultValue = Comparisons.DEFAULT_ALPHA,
            description =
                    "The level of a model's verdicts, shared by its metrics (each judged at p ÷ 5), above 0 and at most 0.5 (default ${DEFAULT-VALUE})")
    private double alpha;

    @Option(
            names = "--min-difference",
            paramLabel = "share",
            defaultValue = Comparisons.DEFAULT_MIN_DIFFERENCE,
            description = "The smallest relative difference that matters, 0 to 1 (default ${DEFAULT-VALUE}: 5 %%)")
    private double minDifference;

    @Option(
            names = "--aa-spread",
            paramLabel = "share",
            defaultValue = HistoryProperties.AA_SPREAD,
            description = "How far apart two runs of one setup land on this machine, as max / min - 1 (default "
                    + "${DEFAULT-VALUE}, measured on 2 shared cores; measure yours with bench/compare.sh aa)")
    private double aaSpread;

    @Option(
            names = "--aa-spread-of",
            paramLabel = "metric=share",
            description = "The A/A spread of one metric, e.g. p999Micros=0.8; repeatable")
    private Map<String, Double> aaSpreadByMetric = new LinkedHashMap<>();

    @Option(
            names = "--include-failed",
            description = "Let in runs that failed, were cancelled or measured nothing valid (their verdicts then "
                    + "carry the failure)")
    private boolean includeFailed;

    @Option(names = "--format", defaultValue = "md", description = "md or json (default ${DEFAULT-VALUE})")
    private Format format;

    private final PrintStream stdout;
    /** Lenient: a result written by another version, or trimmed by hand, compares on the figures it has. */
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    CompareCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw bad("--alpha: must be above 0 and at most 0.5, not " + alpha);
        }
        if (!(minDifference >= 0 && minDifference <= 1)) {
            throw bad("--min-difference: must be 0 to 1, not " + minDifference);
        }
        Comparisons.Settings settings;
        try {
            settings = Comparisons.Settings.of(alpha, minDifference, aaSpread, aaSpreadByMetric, includeFailed);
        } catch (IllegalArgumentException e) {
            throw bad("--aa-spread-of: " + e.getMessage());
        }
        Comparison comparison;
        try {
            comparison = run.isEmpty()
                    ? Comparisons.runs(read("--base", base), read("--candidate", candidate), settings)
                    : Comparisons.models(
                            read("--run", run.stream().map(Path::toString).toList()),
                            one("--base", base),
                            one("--candidate", candidate),
                            settings);
        } catch (Comparisons.Refused e) {
            throw bad("--" + e.field() + ": " + e.getMessage());
        }
        stdout.print(
                format == Format.json
                        ? json.writeValueAsString(comparison) + "\n"
                        : ComparisonTable.markdown(comparison));
        stdout.flush();
        List<Verdict> verdicts = comparison.models().stream()
                .flatMap(m -> m.metrics().stream())
                .map(MetricComparison::verdict)
                .toList();
        if (verdicts.stream().allMatch(v -> v == Verdict.unknown)) {
            spec.commandLine().getErr().println("error: nothing comparable: no model has values on both sides");
            return 2;
        }
        return verdicts.contains(Verdict.worse) ? 1 : 0;
    }

    private String one(String flag, List<String> models) {
        if (models.size() != 1) {
            throw bad(flag + ": with --run, give one model id, not " + String.join(",", models));
        }
        return models.getFirst();
    }

    private List<StressRun> read(String flag, List<String> files) throws IOException {
        List<StressRun> runs = new ArrayList<>();
        for (String file : files) {
            runs.add(read(flag, Path.of(file)));
        }
        return runs;
    }

    /** The whole file as a run's JSON, or else its last line that is one (a pod's log ending in a result). */
    private StressRun read(String flag, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw bad(flag + ": " + file + ": no such file");
        }
        String text = Files.readString(file);
        try {
            return json.readValue(text, StressRun.class);
        } catch (JacksonException whole) {
            List<String> lines = text.lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).strip().startsWith("{")) {
                    try {
                        return json.readValue(lines.get(i), StressRun.class);
                    } catch (JacksonException e) {
                        throw bad(flag + ": " + file + ": line " + (i + 1) + " is not a run's JSON: "
                                + e.getOriginalMessage());
                    }
                }
            }
            throw bad(flag + ": " + file + ": not a run's JSON (" + whole.getOriginalMessage() + ")");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
