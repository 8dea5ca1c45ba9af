package dev.echolab.cli;

import dev.echolab.stress.ModelResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a CI pipeline asks of a run beyond succeeding: {@code --max-p99}, {@code --min-rate}, {@code --max-errors},
 * each checked against every target's result. A null limit is not checked.
 */
record Thresholds(Duration maxP99, Double minRate, Long maxErrors) {

    static final Thresholds NONE = new Thresholds(null, null, null);

    /** Whether any limit was asked for. */
    boolean any() {
        return maxP99 != null || minRate != null || maxErrors != null;
    }

    /** Every limit the result broke, in words; empty when all held. */
    List<String> broken(ModelResult result) {
        List<String> broken = new ArrayList<>();
        Double p99 = result.latencyMicros().p99();
        if (maxP99 != null && (p99 == null || p99 > maxP99.toNanos() / 1e3)) {
            broken.add(result.model() + ": p99 " + (p99 == null ? "not measured" : p99 + " µs") + " is above --max-p99 "
                    + maxP99.toNanos() / 1e3 + " µs");
        }
        double rate = result.throughput().messagesPerSecond();
        if (minRate != null && rate < minRate) {
            broken.add(result.model() + ": " + rate + " msg/s is below --min-rate " + minRate);
        }
        long errors = result.errors().total();
        if (maxErrors != null && errors > maxErrors) {
            broken.add(result.model() + ": " + errors + " errors is above --max-errors " + maxErrors);
        }
        return broken;
    }
}
