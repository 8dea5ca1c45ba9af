package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.stress.ModelResult.SendLag;
import org.junit.jupiter.api.Test;

/** The rules that find the load generator to be the limit, at their thresholds, from the figures a result shows. */
class ClientBoundTests {

    @Test
    void nothingTripsForAGeneratorWithRoomToSpare() {
        assertThat(ClientBound.judge(0.3, 0.5, 0.5, null).by()).isEmpty();
        assertThat(ClientBound.judge(0.3, null, null, lag(1_000, 5, 1_000.0, 10_000.0))
                        .bound())
                .isFalse();
    }

    @Test
    void aBusyGeneratorIsBoundByItsCpuInEitherLoop() {
        assertThat(ClientBound.judge(0.9, 0.5, 0.5, null).by()).containsExactly(ClientBound.CPU);
        assertThat(ClientBound.judge(0.95, null, null, lag(10, 0, 1.0, 10.0)).by())
                .containsExactly(ClientBound.CPU);
        assertThat(ClientBound.judge(0.89, 0.5, 0.5, null).bound()).isFalse();
    }

    @Test
    void aClosedLoopThatNeverWaitsIsBoundUnlessTheServerWasSaturated() {
        assertThat(ClientBound.judge(0.3, 0.019, 0.5, null).by()).containsExactly(ClientBound.NEVER_IDLE);
        assertThat(ClientBound.judge(0.3, 0.02, 0.5, null).bound())
                .as("idle 2%")
                .isFalse();
        assertThat(ClientBound.judge(0.3, 0.0, 0.9, null).bound())
                .as("the server was saturated: both were busy, the server set the pace")
                .isFalse();
        assertThat(ClientBound.judge(0.3, 0.0, null, null).by())
                .as("a server whose CPU cannot be seen: the generator had no time to spare, so it was a limit")
                .containsExactly(ClientBound.NEVER_IDLE);
        assertThat(ClientBound.judge(0.3, 0.02, null, null).bound())
                .as("a server whose CPU cannot be seen, and a generator that waited for it")
                .isFalse();
        assertThat(ClientBound.judge(0.3, 0.0, 0.1, lag(10, 0, 1.0, 10.0)).bound())
                .as("the open loop waits for its schedule by design")
                .isFalse();
    }

    @Test
    void anOpenLoopIsBoundWhenItsP99SendLagExceedsTheInterval() {
        assertThat(ClientBound.judge(0.1, 0.9, null, lag(1_000, 0, 10_001.0, 10_000.0))
                        .by())
                .containsExactly(ClientBound.SEND_LAG);
        assertThat(ClientBound.judge(0.1, 0.9, null, lag(1_000, 0, 10_000.0, 10_000.0))
                        .bound())
                .as("exactly one interval late is not behind")
                .isFalse();
    }

    @Test
    void anOpenLoopIsBoundWhenMoreThanOnePercentOfSendsAreLate() {
        assertThat(ClientBound.judge(0.1, 0.9, null, lag(1_000, 11, 5.0, 10_000.0))
                        .by())
                .containsExactly(ClientBound.LATE_SENDS);
        assertThat(ClientBound.judge(0.1, 0.9, null, lag(1_000, 10, 5.0, 10_000.0))
                        .bound())
                .as("exactly 1%")
                .isFalse();
        assertThat(ClientBound.judge(0.1, 0.9, null, lag(0, 0, 0, 10_000.0)).bound())
                .as("no sends, no evidence")
                .isFalse();
    }

    @Test
    void everyRuleThatTripsIsNamedInOrder() {
        assertThat(ClientBound.judge(0.99, 0.0, 0.1, lag(100, 50, 20_000.0, 10_000.0))
                        .by())
                .containsExactly(ClientBound.CPU, ClientBound.SEND_LAG, ClientBound.LATE_SENDS);
    }

    private static SendLag lag(long sends, long late, double p99Micros, double intervalMicros) {
        Double p99 = sends == 0 ? null : p99Micros;
        return new SendLag(sends, late, intervalMicros, p99, p99, p99, "");
    }
}
