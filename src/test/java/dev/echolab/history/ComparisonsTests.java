package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.history.Comparison.ModelComparison;
import dev.echolab.history.Comparison.Rule;
import dev.echolab.history.Comparison.Verdict;
import dev.echolab.stress.StressRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What goes into a comparison and what comes out around the statistics: sets of runs model by model, models within
 * runs, A/A within one run, refused input (a run named twice, a failed run), failures and client-bound results in
 * words, missing values, notes.
 */
class ComparisonsTests {

    /** Figures the test does not set (counts, flags) are left at 0 / false. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Comparisons.Settings DEFAULTS = settings(false);

    @Test
    void fiveRunsASideWithAClearDropAreWorseModelByModel() {
        List<StressRun> base = runs("a", 5, i -> result("netty", 1, 1000 + i, 100, 5.0));
        List<StressRun> candidate = runs("b", 5, i -> result("netty", 1, 800 + i, 100 + i * 0.1, 5.0));

        Comparison comparison = Comparisons.runs(base, candidate, DEFAULTS);

        ModelComparison netty = comparison.models().getFirst();
        assertThat(netty.baseRuns()).isEqualTo(5);
        assertThat(netty.candidateRuns()).isEqualTo(5);
        MetricComparison throughput = metric(comparison, "messagesPerSecond");
        assertThat(throughput.verdict()).isEqualTo(Verdict.worse);
        assertThat(throughput.rule()).isEqualTo(Rule.rankTest);
        assertThat(throughput.base()).isEqualTo(1003);
        assertThat(throughput.candidate()).isEqualTo(803);
        assertThat(metric(comparison, "p99Micros").verdict()).isEqualTo(Verdict.same);
        assertThat(metric(comparison, "cpuMicrosPerMessage").verdict()).isEqualTo(Verdict.same);
        assertThat(comparison.method()).contains("Mann-Whitney", "Hodges-Lehmann", "alpha ÷ 5 = 0.01", "5 a side");
    }

    @Test
    void aModelsMetricsShareAlphaSoOneNearMissIsNoVerdict() {
        // Six a side, one candidate run among the base runs: p ≈ 0.03, the interval beyond 5 %.
        double[] high = {1000, 1010, 1020, 1030, 1040, 1200};
        double[] low = {800, 810, 820, 830, 840, 1100};
        List<StressRun> base = runs("a", 6, i -> result("netty", 1, high[i - 1], 100, 5.0));
        List<StressRun> candidate = runs("b", 6, i -> result("netty", 1, low[i - 1], 100, 5.0));

        MetricComparison shared = metric(Comparisons.runs(base, candidate, DEFAULTS), "messagesPerSecond");
        MetricComparison alone = metric(
                Comparisons.runs(base, candidate, Comparisons.Settings.of(0.25, 0.05, 0.35, Map.of(), false)),
                "messagesPerSecond");

        assertThat(shared.pValue()).isBetween(0.01, 0.05);
        assertThat(shared.verdict()).as("p above alpha ÷ 5 = 0.01").isEqualTo(Verdict.inconclusive);
        assertThat(shared.interval().confidence()).isEqualTo(0.99);
        assertThat(alone.verdict()).as("alpha 0.25: each metric at 0.05").isEqualTo(Verdict.worse);
        assertThat(alone.interval().confidence()).isEqualTo(0.95);
    }

    @Test
    void aRunNamedTwiceIsRefusedNamingIt() {
        List<StressRun> base = runs("a", 2, i -> result("netty", 1, 1000, 100, 5.0));

        assertThatThrownBy(() -> Comparisons.runs(base, List.of(base.getFirst()), DEFAULTS))
                .isInstanceOfSatisfying(Comparisons.Refused.class, e -> {
                    assertThat(e.field()).isEqualTo("candidate");
                    assertThat(e.rejected()).isEqualTo("a1");
                    assertThat(e.getMessage()).contains("run a1 is named twice");
                });
        assertThatThrownBy(() -> Comparisons.runs(List.of(base.getFirst(), base.getFirst()), base, DEFAULTS))
                .isInstanceOfSatisfying(
                        Comparisons.Refused.class, e -> assertThat(e.field()).isEqualTo("base"));
    }

    @Test
    void aFailedRunIsRefusedUnlessAskedForAndThenEveryVerdictCarriesTheFailure() {
        List<StressRun> base = runs("a", 5, i -> result("netty", 1, 1000 + i, 100, 5.0));
        List<StressRun> candidate = new ArrayList<>(runs("b", 4, i -> result("netty", 1, 1000 + i, 100, 5.0)));
        candidate.add(run(
                "broken",
                "FAILED",
                result("netty", 1, 1200, 90, 5.0)
                        .replace("\"status\":\"SUCCEEDED\"", "\"status\":\"FAILED\"")
                        .replace("\"verified\":true,\"missingBytes\":0", "\"verified\":false,\"missingBytes\":500")));

        assertThatThrownBy(() -> Comparisons.runs(base, candidate, DEFAULTS))
                .isInstanceOfSatisfying(Comparisons.Refused.class, e -> {
                    assertThat(e.field()).isEqualTo("candidate");
                    assertThat(e.rejected()).isEqualTo("broken");
                    assertThat(e.getMessage())
                            .contains("run broken is FAILED", "500 bytes missing", "includeFailed=true");
                });
        Comparison included = Comparisons.runs(base, candidate, settings(true));

        assertThat(included.includeFailed()).isTrue();
        assertThat(included.models().getFirst().metrics())
                .hasSize(5)
                .allSatisfy(m -> assertThat(m.caveats())
                        .containsExactly("candidate run broken repeat 1: netty FAILED, integrity broken: 0 "
                                + "connections with wrong bytes, 500 bytes missing"));
    }

    @Test
    void aClientBoundResultGetsNoVerdictAndSaysWhy() {
        List<StressRun> base = runs("a", 5, i -> result("netty", 1, 1000 + i, 100, 5.0));
        List<StressRun> candidate = runs(
                "b",
                5,
                i -> result("netty", 1, 500 + i, 300, 9.0)
                        .replace("\"clientBound\":false", "\"clientBound\":" + (i == 2)));

        Comparison comparison = Comparisons.runs(base, candidate, DEFAULTS);

        assertThat(comparison.models().getFirst().metrics()).allSatisfy(m -> {
            assertThat(m.verdict()).isEqualTo(Verdict.inconclusive);
            assertThat(m.rule()).isEqualTo(Rule.clientBound);
            assertThat(m.caveats()).singleElement().asString().contains("candidate run b2 repeat 1", "clientBound");
        });
        assertThat(metric(comparison, "messagesPerSecond").reason())
                .contains("1 of the results compared", "the statistics alone said worse");
    }

    @Test
    void twoModelsOfOneRunWithRepeatsAreComparedWithEachOther() {
        StressRun run = run(
                "r",
                "SUCCEEDED",
                IntStream.rangeClosed(1, 5)
                        .boxed()
                        .flatMap(i -> java.util.stream.Stream.of(
                                result("netty", i, 1000 + i, 100, 5.0), result("multiplexing", i, 700 + i, 140, 7.0)))
                        .toArray(String[]::new));

        Comparison comparison = Comparisons.models(List.of(run), "netty", "multiplexing", DEFAULTS);

        assertThat(comparison.base()).containsExactly("r");
        assertThat(comparison.candidate()).containsExactly("r");
        ModelComparison model = comparison.models().getFirst();
        assertThat(model.model()).isEqualTo("multiplexing");
        assertThat(model.baseModel()).isEqualTo("netty");
        assertThat(model.baseRuns()).isEqualTo(5);
        assertThat(metric(comparison, "messagesPerSecond").verdict()).isEqualTo(Verdict.worse);
        assertThat(metric(comparison, "p99Micros").verdict()).isEqualTo(Verdict.worse);
        assertThat(metric(comparison, "cpuMicrosPerMessage").verdict()).isEqualTo(Verdict.worse);
        assertThat(comparison.notes()).as("one run: nothing differs").isEmpty();
    }

    @Test
    void oneModelAgainstItselfIsItsOddRepeatsAgainstItsEvenOnes() {
        StressRun run = run(
                "aa",
                "SUCCEEDED",
                IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> result("netty", i, 1000 + (i % 3) + i * 0.01, 100 + i * 0.01, 5.0 + i * 0.001))
                        .toArray(String[]::new));
        StressRun once = run("once", "SUCCEEDED", result("netty", 1, 1000, 100, 5.0));

        Comparison comparison = Comparisons.models(List.of(run), "netty", "netty", DEFAULTS);

        assertThat(comparison.models().getFirst().baseRuns()).isEqualTo(5);
        assertThat(comparison.models().getFirst().candidateRuns()).isEqualTo(5);
        assertThat(comparison.models().getFirst().metrics())
                .extracting(MetricComparison::verdict)
                .containsOnly(Verdict.same);
        assertThatThrownBy(() -> Comparisons.models(List.of(once), "netty", "netty", DEFAULTS))
                .isInstanceOfSatisfying(
                        Comparisons.Refused.class,
                        e -> assertThat(e.getMessage()).contains("A/A", "repeats of 2 or more"));
        assertThatThrownBy(() -> Comparisons.models(List.of(run), "netty", "async", DEFAULTS))
                .isInstanceOfSatisfying(Comparisons.Refused.class, e -> {
                    assertThat(e.field()).isEqualTo("candidate");
                    assertThat(e.getMessage()).contains("no result of model 'async'");
                });
    }

    @Test
    void aMissingValueIsUnknownAndAModelOnOneSideIsAbsentFromTheOther() {
        List<StressRun> base = runs("a", 1, i -> result("netty", 1, 1000, 100, null));
        List<StressRun> candidate =
                List.of(run("b1", "SUCCEEDED", result("netty", 1, 1000, 100, null), result("async", 1, 900, 100, 6.0)));

        Comparison comparison = Comparisons.runs(base, candidate, DEFAULTS);

        MetricComparison cpu = metric(comparison, "cpuMicrosPerMessage");
        assertThat(cpu.verdict()).isEqualTo(Verdict.unknown);
        assertThat(cpu.rule()).isEqualTo(Rule.missing);
        assertThat(cpu.interval()).isNull();
        assertThat(comparison.models().get(1).model()).isEqualTo("async");
        assertThat(comparison.models().get(1).absentFrom()).isEqualTo("base");
    }

    @Test
    void aResultStoredBeforeRepeatsExistedIsRepeatOne() {
        StressRun old =
                run("old", "SUCCEEDED", result("netty", 7, 1000, 100, 5.0).replace("\"repeat\":7,", ""));

        assertThat(old.results().getFirst().repeat()).isEqualTo(1);
    }

    @Test
    void aRunOnABusyMachineIsNamedInTheNotes() {
        StressRun quiet = run("quiet", "SUCCEEDED", result("netty", 1, 1000, 100, 5.0));
        StressRun busy = JSON.readValue(
                JSON.writeValueAsString(run("busy", "SUCCEEDED", result("netty", 1, 1000, 100, 5.0)))
                        .replace("\"manifest\":null", "\"manifest\":{\"jdk\":\"25\",\"cores\":2,\"loadAverage\":31.5}"),
                StressRun.class);

        Comparison comparison = Comparisons.runs(List.of(quiet), List.of(busy), DEFAULTS);

        assertThat(comparison.notes())
                .contains("run busy started on a busy machine (load average 31.5 on 2 cores): its figures may move "
                        + "far more than the A/A spread measured on a quiet one");
    }

    @Test
    void anAaSpreadForAMetricThereIsNotIsRefused() {
        assertThatThrownBy(() -> Comparisons.Settings.of(0.05, 0.05, 0.35, Map.of("p95Micros", 0.5), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no metric 'p95Micros'");
        assertThat(Comparisons.Settings.of(0.05, 0.05, 0.35, Map.of("p999Micros", 0.8), false)
                        .aaSpread())
                .containsEntry("p999Micros", 0.8)
                .containsEntry("p99Micros", 0.35);
    }

    private static Comparisons.Settings settings(boolean includeFailed) {
        return Comparisons.Settings.of(0.05, 0.05, 0.35, Map.of(), includeFailed);
    }

    private static MetricComparison metric(Comparison comparison, String name) {
        return comparison.models().getFirst().metrics().stream()
                .filter(m -> m.metric().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Runs {@code <prefix>1} to {@code <prefix>n} of one result each, made by {@code result} from 1 to n. */
    private static List<StressRun> runs(String prefix, int n, java.util.function.IntFunction<String> result) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> run(prefix + i, "SUCCEEDED", result.apply(i)))
                .toList();
    }

    /** A finished run with these results, as the API would read it back. */
    private static StressRun run(String id, String status, String... results) {
        return JSON.readValue("""
                {"id":"%s","status":"%s","progress":1,"request":{"models":["netty"]},"manifest":null,"results":[%s]}
                """.formatted(id, status, String.join(",", results)), StressRun.class);
    }

    /** One result's JSON: p50 is half the p99, p99.9 twice it. */
    private static String result(String model, int repeat, double messagesPerSecond, double p99, Double cpu) {
        return """
                {"model":"%s","repeat":%d,"status":"SUCCEEDED","throughput":{"messagesPerSecond":%s},
                 "latencyMicros":{"p50":%s,"p99":%s,"p999":%s},"cost":{"cpuMicrosPerMessage":%s},
                 "integrity":{"verified":true,"missingBytes":0,"mismatches":0},"clientBound":false,
                 "notes":[],"perSecond":[]}""".formatted(model, repeat, messagesPerSecond, p99 / 2, p99, p99 * 2, cpu);
    }
}
