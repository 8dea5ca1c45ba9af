package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client limit of wrong credentials, on a clock the test moves. */
class FailedAttemptsTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final FailedAttempts attempts = new FailedAttempts(null, now::get);

    @Test
    void aClientIsLockedOutAtTheLimitUntilItsWindowEnds() {
        for (int i = 1; i < FailedAttempts.LIMIT; i++) {
            attempts.failed("10.0.0.1");
            assertThat(attempts.lockedForSeconds("10.0.0.1"))
                    .as("after %d failures", i)
                    .isZero();
        }
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        attempts.failed("10.0.0.1");
        assertThat(attempts.lockedForSeconds("10.0.0.1"))
                .as("the window started at the first failure")
                .isEqualTo(40);
        assertThat(attempts.lockedForSeconds("10.0.0.2")).as("another client").isZero();

        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(attempts.lockedForSeconds("10.0.0.1")).isZero();
        attempts.failed("10.0.0.1");
        assertThat(attempts.lockedForSeconds("10.0.0.1"))
                .as("a new window, one failure in it")
                .isZero();
    }

    @Test
    void aRightPasswordBelowTheLimitStartsAfresh() {
        for (int i = 1; i < FailedAttempts.LIMIT; i++) {
            attempts.failed("10.0.0.1");
        }
        attempts.succeeded("10.0.0.1");
        attempts.failed("10.0.0.1");
        assertThat(attempts.lockedForSeconds("10.0.0.1")).isZero();
    }
}
