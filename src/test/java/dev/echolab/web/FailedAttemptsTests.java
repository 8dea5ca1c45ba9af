package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The per-client pace of wrong credentials, on a clock the test moves, with pauses that do not sleep. */
@Timeout(60)
class FailedAttemptsTests {

    private static final FailedAttempts.Client GUESSER = new FailedAttempts.Client("127.0.0.1", "admin");

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Duration> pauses = new ArrayList<>();
    private final FailedAttempts attempts = new FailedAttempts(null, now::get, pauses::add);

    @Test
    void aClientIsSlowedAtTheLimitUntilItsWindowEnds() {
        for (int i = 1; i < FailedAttempts.LIMIT; i++) {
            attempts.failed(GUESSER);
            assertThat(attempts.slowed(GUESSER)).as("after %d failures", i).isFalse();
        }
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        attempts.failed(GUESSER);
        assertThat(attempts.slowed(GUESSER)).isTrue();
        assertThat(attempts.slowed(new FailedAttempts.Client("127.0.0.1", "someone")))
                .as("another user from the same address")
                .isFalse();
        assertThat(attempts.slowed(new FailedAttempts.Client("10.0.0.2", "admin")))
                .as("the same user from another address")
                .isFalse();

        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(attempts.slowed(GUESSER))
                .as("the window started at the first failure")
                .isFalse();
        attempts.failed(GUESSER);
        assertThat(attempts.slowed(GUESSER))
                .as("a new window, one failure in it")
                .isFalse();
    }

    @Test
    void aRightPasswordStartsAfresh() {
        for (int i = 0; i < FailedAttempts.LIMIT; i++) {
            attempts.failed(GUESSER);
        }
        attempts.succeeded(GUESSER);
        attempts.failed(GUESSER);
        assertThat(attempts.slowed(GUESSER)).isFalse();
    }

    @Test
    void aSlowedClientsAttemptWaitsThenIsCheckedAndOthersDoNot() throws Exception {
        for (int i = 0; i < FailedAttempts.LIMIT; i++) {
            attempts.failed(GUESSER);
        }
        MockFilterChain guessed = new MockFilterChain();
        attempts.doFilter(attempt("admin"), new MockHttpServletResponse(), guessed);
        MockFilterChain other = new MockFilterChain();
        attempts.doFilter(attempt("someone"), new MockHttpServletResponse(), other);

        assertThat(pauses).as("only the slowed client waits").containsExactly(FailedAttempts.PACE);
        assertThat(guessed.getRequest()).as("then its credentials are checked").isNotNull();
        assertThat(other.getRequest()).isNotNull();
    }

    @Test
    void beyondTheAttemptsThatMayWaitASlowedClientGets429Unchecked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FailedAttempts blocking =
                new FailedAttempts(new ProblemResponses(JsonMapper.builder().build()), now::get, d -> release.await());
        for (int i = 0; i < FailedAttempts.LIMIT; i++) {
            blocking.failed(GUESSER);
        }
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < FailedAttempts.MAX_HELD; i++) {
            waiting.add(Thread.ofPlatform().name("waiting-attempt-" + i).start(() -> {
                try {
                    blocking.doFilter(attempt("admin"), new MockHttpServletResponse(), new MockFilterChain());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> blocking.slowedDown() == FailedAttempts.MAX_HELD);
        try {
            MockHttpServletResponse refused = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            blocking.doFilter(attempt("admin"), refused, chain);

            assertThat(refused.getStatus()).isEqualTo(429);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("6");
            assertThat(chain.getRequest()).as("not checked").isNull();
        } finally {
            release.countDown();
            for (Thread t : waiting) {
                t.join(10_000);
            }
        }
    }

    private static MockHttpServletRequest attempt(String user) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/servers/blocking/stop");
        request.setRemoteAddr("127.0.0.1");
        request.addHeader(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":guess").getBytes(StandardCharsets.UTF_8)));
        return request;
    }
}
