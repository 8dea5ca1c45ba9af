package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.stress.StressRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Verdicts against the noise: the floor for single runs, the series' own spread for repeats, missing values. */
class ComparisonsTests {

    /** Figures the test does not set (counts, flags) are left at 0 / false. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @Test
    void singleRunsWithinTheFloorAreTheSameBeyondItBetterOrWorseEachWayRound() {
        Map<String, String> verdicts = verdicts(
                Comparisons.compare(List.of(run("a", 1000, 100, 10)), List.of(run("b", 1100, 130, 8.5)), 0.15));

        assertThat(verdicts)
                .containsEntry("messagesPerSecond", "same") // ×1.10
                .containsEntry("p99Micros", "worse") // ×1.30, and lower is better
                .containsEntry("cpuMicrosPerMessage", "better"); // ×0.85: 10 is more than 1.15 × 8.5
    }

    @Test
    void repeatsSetTheNoiseByTheirOwnSpread() {
        List<StressRun> base = List.of(run("a1", 1000, 100, 10), run("a2", 1020, 101, 10), run("a3", 1010, 99, 10));
        List<StressRun> candidate =
                List.of(run("b1", 1080, 100, 10), run("b2", 1090, 100, 10), run("b3", 1085, 100, 10));

        Comparison comparison = Comparisons.compare(base, candidate, 0.15);

        MetricComparison throughput = metric(comparison, "messagesPerSecond");
        assertThat(throughput.base()).isEqualTo(1010);
        assertThat(throughput.candidate()).isEqualTo(1085);
        assertThat(throughput.noise()).as("base spreads 2 %, candidate 0.9 %").isEqualTo(0.02);
        assertThat(throughput.verdict())
                .as("7 % beyond a 2 % spread, though within a single run's floor")
                .isEqualTo("better");
        assertThat(metric(comparison, "p99Micros").verdict()).isEqualTo("same");
        assertThat(comparison.method()).startsWith("repeats: 3 base and 3 candidate runs");
        assertThat(comparison.notes()).isEmpty();
    }

    @Test
    void aRunOnABusyMachineIsNamedInTheNotes() {
        StressRun busy = JSON.readValue(
                JSON.writeValueAsString(run("busy", 1000, 100, 10))
                        .replace("\"manifest\":null", "\"manifest\":{\"jdk\":\"25\",\"cores\":2,\"loadAverage\":31.5}"),
                StressRun.class);

        Comparison comparison = Comparisons.compare(List.of(busy), List.of(busy), 0.15);

        assertThat(comparison.notes())
                .containsExactly("run busy started on a busy machine (load average 31.5 on 2 "
                        + "cores): its figures may move far more than the noise floor");
    }

    @Test
    void aRunAgainstItselfIsTheSameAndAMissingValueIsUnknown() {
        StressRun run = run("a", 1000, 100, null);

        Map<String, String> verdicts = verdicts(Comparisons.compare(List.of(run), List.of(run), 0));

        assertThat(verdicts)
                .containsEntry("messagesPerSecond", "same")
                .containsEntry("p99Micros", "same")
                .containsEntry("cpuMicrosPerMessage", "unknown");
    }

    private static Map<String, String> verdicts(Comparison comparison) {
        return comparison.models().getFirst().metrics().stream()
                .collect(Collectors.toMap(MetricComparison::metric, MetricComparison::verdict));
    }

    private static MetricComparison metric(Comparison comparison, String name) {
        return comparison.models().getFirst().metrics().stream()
                .filter(m -> m.metric().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** A finished run of one model with these figures, as the API would read it back. */
    private static StressRun run(String id, double messagesPerSecond, double p99, Number cpuPerMessage) {
        return JSON.readValue(
                """
                {"id":"%s","status":"SUCCEEDED","progress":1,"request":{"models":["netty"]},"results":[
                 {"model":"netty","status":"SUCCEEDED","throughput":{"messagesPerSecond":%s},
                  "latencyMicros":{"p50":%s,"p99":%s,"p999":%s},"cost":{"cpuMicrosPerMessage":%s},
                  "notes":[],"perSecond":[]}]}
                """.formatted(id, messagesPerSecond, p99 / 2, p99, p99 * 2, cpuPerMessage), StressRun.class);
    }
}
