package dev.echolab.cli;

import dev.echolab.stress.StressRequest;

/**
 * This process's share of a run split across {@code count} load generators.
 *
 * @param index which share, from 0; -1 when the generator has no index (compose replicas) and every generator
 *              takes an equal share, the remainder dropped
 * @param count how many generators share the run
 * @param label how the result names this share: {@code 0/2}, or the host name of an unindexed generator
 */
record Shard(int index, int count, String label) {

    static final Shard WHOLE = new Shard(0, 1, null);

    static Shard indexed(int index, int count) {
        return new Shard(index, count, index + "/" + count);
    }

    static Shard unindexed(int count, String host) {
        return new Shard(-1, count, host);
    }

    boolean indexed() {
        return index >= 0;
    }

    /**
     * This share of a whole: floor or ceiling of {@code whole / count}, so that the shares of every index add up to
     * the whole exactly; without an index, the floor.
     */
    long share(long whole) {
        long base = whole / count;
        return indexed() && index < whole % count ? base + 1 : base;
    }

    /** This share of the whole run's request: its connections, rate and silent connections; the rest alike. */
    StressRequest of(StressRequest whole) {
        if (count == 1) {
            return whole;
        }
        return new StressRequest(
                whole.models(),
                whole.targets(),
                (int) share(whole.connections()),
                whole.payloadBytes(),
                whole.durationSeconds(),
                whole.messagesPerConnection(),
                whole.warmupSeconds(),
                whole.pipeline(),
                whole.ratePerSecond() == null ? null : (int) share(whole.ratePerSecond()),
                whole.rampUpSeconds(),
                whole.connectTimeoutMs(),
                whole.responseTimeoutMs(),
                (int) share(whole.idleConnections()),
                whole.threads(),
                whole.repeats());
    }

    /** What an unindexed share leaves out of the whole across {@code count} generators. */
    long dropped(long whole) {
        return indexed() ? 0 : whole % count;
    }
}
