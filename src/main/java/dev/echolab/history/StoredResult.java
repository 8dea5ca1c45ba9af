package dev.echolab.history;

import dev.echolab.stress.ModelResult;

/** One model's figures of a stored run: a row of {@code stored_result}, part of {@link StoredRun}. */
record StoredResult(
        String model,
        String status,
        Double messagesPerSecond,
        Double p50Micros,
        Double p99Micros,
        Double p999Micros,
        Double cpuMicrosPerMessage,
        String latencyHistogram) {

    static StoredResult of(ModelResult result) {
        var latency = result.latencyMicros();
        var cost = result.cost();
        return new StoredResult(
                result.model(),
                result.status().name(),
                result.throughput().messagesPerSecond(),
                latency.p50(),
                latency.p99(),
                latency.p999(),
                cost == null ? null : cost.cpuMicrosPerMessage(),
                result.latencyHistogram());
    }
}
