package dev.echolab.history;

import dev.echolab.stress.StressProblemType;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import dev.echolab.web.ProblemAnswer;
import dev.echolab.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stress/compare}: two sets of runs model by model, or two models within runs, with the statistics
 * of {@link Comparisons}.
 */
@RestController
@Tag(name = "stress")
class CompareController {

    private static final int MOST_IDS = 20;

    private final StressRuns runs;
    private final HistoryProperties properties;

    CompareController(StressRuns runs, HistoryProperties properties) {
        this.runs = runs;
        this.properties = properties;
        settings(0.05, 0.05, false); // a misspelt echo.history.aa-spread-by-metric stops start-up, not a request
    }

    @GetMapping("/api/stress/compare")
    @Operation(
            summary = "Compare runs, or models within runs",
            description = "Each side is a set of runs, each repeat of a run counting once: base=a,b,c&candidate=d,e,f "
                    + "compares every model of the candidate runs with the same model of the base runs; "
                    + "run=a&base=netty&candidate=multiplexing compares two models within the same runs (a run "
                    + "with repeats is a set by itself), and the same model on both sides is its odd repeats "
                    + "against its even ones (an A/A comparison). Per model and metric (msg/s, p50, p99, p99.9, "
                    + "server CPU µs per message): both medians, the ratio, the Hodges-Lehmann estimate of "
                    + "candidate ÷ base with its distribution-free interval, the Mann-Whitney U test across runs, "
                    + "and a verdict: better or worse only when the test rejects and the whole interval lies "
                    + "beyond minDifference; same when it lies within; otherwise inconclusive, with about how many "
                    + "runs a side would decide. A model's five metrics share alpha (Bonferroni: each is judged at "
                    + "alpha ÷ 5, 0.01 by default, with its 99 % interval). With fewer than 5 runs a side (at alpha "
                    + "0.05) the test cannot reach that level, and only a difference beyond the machine's A/A spread "
                    + "(echo.history.aa-spread) on every pair of runs counts. rule says which rule decided. A run "
                    + "named twice is refused; so is one that did not succeed, unless includeFailed=true, and then "
                    + "its failure is in the caveats of every verdict it is part of. A result measured while the "
                    + "load generator was the limit (clientBound) gets no verdict.")
    @ApiResponse(
            responseCode = "200",
            description = "The comparison",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Comparison.class),
                            examples = {
                                @ExampleObject(name = "runs", ref = "compare-runs"),
                                @ExampleObject(name = "models", ref = "compare-models")
                            }))
    @ProblemAnswer(
            value = "invalid-request",
            description = "base or candidate missing, more than 20 ids, a run named twice, a run that did not "
                    + "succeed (without includeFailed), a model the run did not load, or alpha or minDifference out "
                    + "of range",
            examples = {
                @ExampleObject(name = "repeated", ref = "compare-run-named-twice"),
                @ExampleObject(name = "failed", ref = "compare-run-failed")
            })
    @ProblemAnswer(
            value = "unknown-run",
            description = "An unknown run id",
            examples = @ExampleObject(ref = "compare-unknown-run"))
    @ProblemAnswer(
            value = "run-not-finished",
            description = "A run that has not finished",
            examples = @ExampleObject(ref = "compare-run-not-finished"))
    Comparison compare(
            @RequestParam
                    @Parameter(
                            description = "base run ids, comma-separated; with run, the base model",
                            explode = Explode.FALSE,
                            example = "[\"0a729136\",\"5be1f0c2\"]")
                    List<String> base,
            @RequestParam
                    @Parameter(
                            description = "candidate run ids, comma-separated; with run, the candidate model",
                            explode = Explode.FALSE,
                            example = "[\"9d10ecab\",\"77f3a1d0\"]")
                    List<String> candidate,
            @RequestParam(required = false)
                    @Parameter(
                            description = "runs whose models are compared with each other (base and candidate are "
                                    + "then model ids), comma-separated",
                            explode = Explode.FALSE)
                    List<String> run,
            @RequestParam(defaultValue = Comparisons.DEFAULT_ALPHA)
                    @DecimalMin(value = "0", inclusive = false)
                    @DecimalMax("0.5")
                    @Parameter(
                            description =
                                    "the level of a model's verdicts, shared by its metrics: each is judged at alpha ÷ 5 (Bonferroni)")
                    double alpha,
            @RequestParam(defaultValue = Comparisons.DEFAULT_MIN_DIFFERENCE)
                    @DecimalMin("0")
                    @DecimalMax("1")
                    @Parameter(description = "the smallest relative difference that matters (0.05 = 5 %)")
                    double minDifference,
            @RequestParam(defaultValue = "false")
                    @Parameter(
                            description = "let in runs that failed, were cancelled or measured nothing valid; their "
                                    + "failure is then in the caveats of every verdict they are part of")
                    boolean includeFailed) {
        Comparisons.Settings settings = settings(alpha, minDifference, includeFailed);
        try {
            if (run != null) {
                return Comparisons.models(load("run", run), one("base", base), one("candidate", candidate), settings);
            }
            return Comparisons.runs(load("base", base), load("candidate", candidate), settings);
        } catch (Comparisons.Refused e) {
            throw ProblemType.invalid(e.field(), e.getMessage(), e.rejected());
        }
    }

    private Comparisons.Settings settings(double alpha, double minDifference, boolean includeFailed) {
        return Comparisons.Settings.of(
                alpha, minDifference, properties.aaSpread(), properties.aaSpreadByMetric(), includeFailed);
    }

    private static String one(String field, List<String> models) {
        if (models.size() != 1) {
            throw ProblemType.invalid(field, "with run, give one model id", String.join(",", models));
        }
        return models.getFirst();
    }

    private List<StressRun> load(String field, List<String> ids) {
        if (ids.isEmpty() || ids.size() > MOST_IDS) {
            throw ProblemType.invalid(
                    field, "give 1 to " + MOST_IDS + " run ids, comma-separated", String.join(",", ids));
        }
        return ids.stream()
                .map(id -> {
                    StressRun run = runs.find(id)
                            .orElseThrow(() -> StressProblemType.UNKNOWN_RUN.exception(
                                    field + ": there is no run '" + id + "' (deleted, or never stored)."));
                    if (!run.finished()) {
                        throw StressProblemType.RUN_NOT_FINISHED.exception(
                                field + ": run " + id + " is " + run.status() + "; compare it once it has finished.");
                    }
                    return run;
                })
                .toList();
    }
}
