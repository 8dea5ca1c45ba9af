package dev.echolab.stress;

/**
 * The live counters of the target being loaded now, refreshed about four times a second: what the web console
 * charts. Counts cover the measured stretch only (nothing during ramp-up and warm-up).
 *
 * @param model                  the model (or target) under load
 * @param modelIndex             its position in the run, from 0
 * @param models                 how many the run loads
 * @param phase                  ramp-up, warm-up, measuring or draining
 * @param elapsedSeconds         since this model's first connect
 * @param progress               of this model, 0 to 1
 * @param connectionsEstablished connected so far
 * @param activeConnections      open now
 * @param messages               echoed and verified so far
 * @param messagesPerSecond      over the last second
 * @param p50Micros              so far, null before the first measured echo
 * @param p99Micros              so far, null before the first measured echo
 * @param errors                 connections that ended in an error so far
 */
public record Live(
        String model,
        int modelIndex,
        int models,
        String phase,
        double elapsedSeconds,
        double progress,
        int connectionsEstablished,
        int activeConnections,
        long messages,
        double messagesPerSecond,
        Double p50Micros,
        Double p99Micros,
        long errors) {}
