package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one idle timeout every model honours: what zero means, and how late a sweeping model may close. */
class IdleTimeoutTests {

    @Test
    void zeroIsNeverAndNothingExpires() {
        IdleTimeout never = IdleTimeout.of(Duration.ZERO);
        assertThat(never.never()).isTrue();
        assertThat(never.expired(0, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void everySweepingModelLooksEveryQuarterOfTheTimeoutBetweenTenAndAHundredMilliseconds() {
        assertThat(Duration.ofNanos(IdleTimeout.of(Duration.ofMillis(300)).sweepEveryNanos()))
                .isEqualTo(Duration.ofMillis(75));
        assertThat(Duration.ofNanos(IdleTimeout.of(Duration.ofMinutes(1)).sweepEveryNanos()))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(IdleTimeout.of(Duration.ofMillis(8)).sweepEveryNanos()))
                .isEqualTo(Duration.ofMillis(10));
    }
}
