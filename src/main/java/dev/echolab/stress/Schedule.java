package dev.echolab.stress;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One target's timeline and profile in {@link System#nanoTime()} terms: connects spread over the ramp-up, then
 * warm-up, then the measured stretch until {@code end} (or until every connection has sent its messages).
 *
 * @param start                 when the first connect starts
 * @param rampUpNanos           connects are spread evenly over this
 * @param measureStart          messages released from here on count in the figures
 * @param end                   no message is released after this; {@link Long#MAX_VALUE} when messages end the run
 * @param connections           connections that send
 * @param idleConnections       silent connections, opened after them over the same ramp-up
 * @param payload               bytes per message
 * @param pipeline              closed loop: messages in flight per connection
 * @param messagesPerConnection measured messages per connection, 0 when the duration ends the run
 * @param periodNanos           open loop: time between two messages of one connection, 0 for the closed loop
 * @param connectTimeoutNanos   a connect that takes longer fails
 * @param responseTimeoutNanos  a connection waiting this long for any byte is given up
 * @param epochOffsetNanos      add to a {@link System#nanoTime()} value to get ns since the epoch
 */
record Schedule(
        long start,
        long rampUpNanos,
        long measureStart,
        long end,
        int connections,
        int idleConnections,
        int payload,
        int pipeline,
        long messagesPerConnection,
        double periodNanos,
        long connectTimeoutNanos,
        long responseTimeoutNanos,
        long epochOffsetNanos) {

    /** Cycles up to 2^52: a double holds each of them, and its due time, exactly enough to count one by one. */
    private static final double EXACT_CYCLES = 0x1p52;

    static Schedule of(StressRequest request, long start) {
        long rampUp = nanos(request.rampUpSeconds());
        long measureStart = Saturating.add(Saturating.add(start, rampUp), nanos(request.warmupSeconds()));
        long end = request.durationSeconds() == null
                ? Long.MAX_VALUE
                : Saturating.add(measureStart, nanos(request.durationSeconds()));
        double period = request.openLoop() ? 1e9 * request.connections() / request.ratePerSecond() : 0;
        return new Schedule(
                start,
                rampUp,
                measureStart,
                end,
                request.connections(),
                request.idleConnections(),
                request.payloadBytes(),
                request.pipeline(),
                request.messagesPerConnection() == null ? 0 : request.messagesPerConnection(),
                period,
                TimeUnit.MILLISECONDS.toNanos(request.connectTimeoutMs()),
                TimeUnit.MILLISECONDS.toNanos(request.responseTimeoutMs()),
                currentEpochOffsetNanos());
    }

    boolean openLoop() {
        return periodNanos > 0;
    }

    boolean endsByMessages() {
        return messagesPerConnection > 0;
    }

    /** When connection {@code index} connects: evenly over the ramp-up, in index order (silent ones last). */
    long connectAt(int index) {
        return Saturating.add(start, (long) ((double) rampUpNanos * index / (connections + idleConnections)));
    }

    /** Open loop: when connection {@code index} is due to release its message of cycle {@code cycle}. */
    long dueAt(long cycle, int index) {
        // Phases spread the connections evenly over one period, so the whole run sends at a steady rate.
        return Saturating.add(start, (long) ((cycle + (double) index / connections) * periodNanos));
    }

    /**
     * Open loop: the first cycle whose message of connection {@code index} is due at or after {@code time}. Beyond
     * {@link #EXACT_CYCLES} cycles a double no longer tells one cycle's due time from the next: there the estimate is
     * returned as it is (a bound, for a schedule longer than any run can last).
     */
    long firstCycleFrom(long time, int index) {
        double estimate = Math.ceil(((double) time - start) / periodNanos - (double) index / connections);
        if (estimate >= EXACT_CYCLES) {
            return (long) estimate; // a double cast to long stops at Long.MAX_VALUE
        }
        long cycle = Math.max(0, (long) estimate);
        while (cycle > 0 && dueAt(cycle - 1, index) >= time) {
            cycle--; // the double arithmetic may land one off either way
        }
        while (dueAt(cycle, index) < time) {
            cycle++;
        }
        return cycle;
    }

    /**
     * Open loop: the messages the schedule intends in the measured window, over every connection; {@link
     * Long#MAX_VALUE} when there are more than a long can count.
     */
    long intendedMessages() {
        long intended = 0;
        for (int i = 0; i < connections; i++) {
            intended = Saturating.add(intended, intendedMessages(i));
        }
        return intended;
    }

    /** Open loop: the messages the schedule intends connection {@code index} to send in the measured window. */
    long intendedMessages(int index) {
        if (endsByMessages()) {
            return messagesPerConnection;
        }
        long from = Math.max(firstCycleFrom(measureStart, index), firstCycleFrom(connectAt(index), index));
        return Math.max(0, firstCycleFrom(end, index) - from);
    }

    /** A {@link System#nanoTime()} value as µs since the epoch. */
    long epochMicros(long nanoTime) {
        return Math.floorDiv(nanoTime + epochOffsetNanos, 1_000);
    }

    /** A fresh {@link PerSecond} for one loop, aligned on this schedule's measured window. */
    PerSecond perSecond() {
        return new PerSecond(measureStart, measureStart + epochOffsetNanos);
    }

    private static long currentEpochOffsetNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /** Seconds as ns; {@link Long#MAX_VALUE} for more than a long holds (a double cast to long saturates). */
    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
