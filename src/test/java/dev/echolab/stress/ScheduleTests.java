package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The schedule's arithmetic at the edges of what a request may ask: products of its fields that do not fit in a
 * long stop at {@link Long#MAX_VALUE} instead of wrapping around, and counts that do fit stay exact.
 */
// A separate thread: a schedule that wraps around can loop for ever without looking at an interrupt.
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScheduleTests {

    /** A {@link System#nanoTime()} value well above 0, where a wrapped sum turns negative. */
    private static final long START = 1_000_000_000L;

    @Test
    void theOpenLoopCountsEveryIntendedMessageExactly() {
        Schedule schedule = Schedule.of(Load.openLoop(4, 400, 1.5), START);

        assertThat(schedule.intendedMessages())
                .as("4 connections × 100 msg/s × 1.5 s")
                .isEqualTo(600);
    }

    @Test
    void aLongScheduleStillCountsOneByOne() {
        // 2 connections at 500,000 msg/s each for 1,000,000 s: 10^12 messages, far beyond an int
        Schedule schedule = Schedule.of(request(2, 1_000_000, 1e6, null), START);

        assertThat(schedule.intendedMessages()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void messagesPerConnectionTimesConnectionsStopsAtTheLargestLong() {
        Schedule schedule = Schedule.of(request(500, 1_000, null, Long.MAX_VALUE / 64), START);

        assertThat(schedule.intendedMessages()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aHugeRateForALongTimeStopsAtTheLargestLong() {
        // Integer.MAX_VALUE msg/s for 5·10^9 s: about 1.07·10^19 messages, more than a long holds
        Schedule schedule = Schedule.of(request(1, Integer.MAX_VALUE, 5e9, null), START);

        assertThat(schedule.intendedMessages()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDurationLongerThanALongOfNanosecondsEndsInTheFutureNotThePast() {
        Schedule schedule = Schedule.of(request(10, 1_000, 1e10, null), START);

        assertThat(schedule.end()).isEqualTo(Long.MAX_VALUE).isGreaterThan(schedule.measureStart());
        // 10 ms between two messages of a connection, from START to the end of time
        double perConnection = (Long.MAX_VALUE - (double) START) / 1e7;
        assertThat(schedule.intendedMessages()).isCloseTo((long) (10 * perConnection), within(20L));
    }

    /** Open loop at {@code rate} across {@code connections}, no warm-up, ended by a duration or a message count. */
    private static StressRequest request(int connections, int rate, Double seconds, Long messagesPerConnection) {
        return new StressRequest(
                null, null, connections, 64, seconds, messagesPerConnection, 0.0, null, rate, 0.0, 2_000, 2_000);
    }
}
