package dev.echolab.history;

import dev.echolab.config.HistoryProperties;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import dev.echolab.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/stress/compare}: two runs (or two series of repeats), model by model, beyond the noise. */
@RestController
@Tag(name = "stress")
class CompareController {

    private static final int MAX_RUNS_PER_SIDE = 20;

    private final StressRuns runs;
    private final double noiseFloor;

    CompareController(StressRuns runs, HistoryProperties properties) {
        this.runs = runs;
        this.noiseFloor = properties.noiseFloor();
    }

    @GetMapping("/api/stress/compare")
    @Operation(
            summary = "Compare runs",
            description =
                    "For each model present in both sides, and each metric "
                            + "(msg/s, p50, p99, p99.9, server CPU µs per message): both values, the ratio candidate ÷ base, and a "
                            + "verdict better, worse or same. Same means within the noise: for single runs the configured floor "
                            + "(echo.history.noise-floor, ±15 % by default); give each side a comma-separated series of repeats "
                            + "(base=a,b,c) and their own spread sets it. A model only one side loaded is reported with absentFrom.")
    @ApiResponse(
            responseCode = "200",
            description = "The comparison",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Comparison.class),
                            examples = @ExampleObject(value = CompareExamples.COMPARISON)))
    @ApiResponse(
            responseCode = "400",
            description = "base or candidate missing, or more than 20 runs on a side",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class),
                            examples = @ExampleObject(value = CompareExamples.MISSING_SIDE)))
    @ApiResponse(
            responseCode = "404",
            description = "An unknown run id",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class),
                            examples = @ExampleObject(value = CompareExamples.UNKNOWN_RUN)))
    @ApiResponse(
            responseCode = "409",
            description = "A run that has not finished",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class),
                            examples = @ExampleObject(value = CompareExamples.NOT_FINISHED)))
    Comparison compare(
            @RequestParam
                    @Parameter(
                            description = "base run id, or ids of repeats, comma-separated",
                            explode = Explode.FALSE,
                            example = "[\"0a729136\"]")
                    List<String> base,
            @RequestParam
                    @Parameter(
                            description = "candidate run id, or ids of repeats, comma-separated",
                            explode = Explode.FALSE,
                            example = "[\"9d10ecab\"]")
                    List<String> candidate) {
        return Comparisons.compare(load("base", base), load("candidate", candidate), noiseFloor);
    }

    private List<StressRun> load(String field, List<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_RUNS_PER_SIDE) {
            throw ProblemType.INVALID_REQUEST.exception(
                    field + ": give 1 to " + MAX_RUNS_PER_SIDE + " run ids, comma-separated");
        }
        return ids.stream()
                .map(id -> {
                    StressRun run = runs.find(id)
                            .orElseThrow(() -> ProblemType.UNKNOWN_RUN.exception(
                                    field + ": there is no run '" + id + "' (deleted, or never stored)."));
                    if (!run.finished()) {
                        throw ProblemType.RUN_NOT_FINISHED.exception(
                                field + ": run " + id + " is " + run.status() + "; compare it once it has finished.");
                    }
                    return run;
                })
                .toList();
    }
}
