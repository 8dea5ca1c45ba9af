package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AcceptBackoffTests {

    @Test
    void doublesFromFiveMillisUpToOneSecondAndResetsOnSuccess() {
        AcceptBackoff backoff = new AcceptBackoff();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(20));
        for (int i = 0; i < 20; i++) {
            backoff.failed();
        }
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        backoff.succeeded();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(5));
    }
}
