package dev.echolab.stress;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Told what the load generator saw since its last tick, about four times a second and once more as a target
 * ends, on the run's coordinator thread (never a load-generator thread). Metrics implement it.
 */
public interface StressObserver {

    void onTick(Tick tick);

    /**
     * @param model             the model (or target) under load
     * @param latencyNanos      latencies measured since the last tick; only valid during the call
     * @param messages          messages echoed since the last tick
     * @param errors            connections that ended in an error since the last tick, by kind (only non-zero)
     * @param activeConnections open now
     * @param target            where the load goes: {@code local} for this process's servers, else {@code host:port}
     */
    record Tick(
            String model,
            Histogram latencyNanos,
            long messages,
            Map<ClientError, Long> errors,
            int activeConnections,
            String target) {}
}
