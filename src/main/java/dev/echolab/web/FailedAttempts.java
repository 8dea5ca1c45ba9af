package dev.echolab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wrong credentials, counted per client address: after {@value #LIMIT} within {@link #WINDOW}, the client's calls
 * get a 429 with {@code Retry-After} until the window ends, and its credentials are not even checked. Checking is
 * cheap (see {@link ApiCredentials}), so this limit is what keeps the password from being guessed at HTTP speed.
 */
final class FailedAttempts extends OncePerRequestFilter {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many clients with recent failures, expired entries are swept before a new one is added. */
    private static final int SWEEP_ABOVE = 4096;

    /** A client's failures since {@code sinceNanos}, the start of its window. */
    private record Failures(int count, long sinceNanos) {}

    private final Map<String, Failures> byClient = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final ProblemResponses problems;

    FailedAttempts(ProblemResponses problems, LongSupplier nanoTime) {
        this.problems = problems;
        this.nanoTime = nanoTime;
    }

    FailedAttempts(ProblemResponses problems) {
        this(problems, System::nanoTime);
    }

    /** Whole seconds until the client may try again; 0 when it may now. */
    long lockedForSeconds(String client) {
        Failures failures = current(client);
        if (failures == null || failures.count() < LIMIT) {
            return 0;
        }
        long left = failures.sinceNanos() + WINDOW.toNanos() - nanoTime.getAsLong();
        return Math.max(1, (left + 999_999_999) / 1_000_000_000);
    }

    void failed(String client) {
        long now = nanoTime.getAsLong();
        if (byClient.size() > SWEEP_ABOVE) {
            byClient.values().removeIf(f -> expired(f, now));
        }
        byClient.compute(
                client,
                (c, f) -> f == null || expired(f, now)
                        ? new Failures(1, now)
                        : new Failures(f.count() + 1, f.sinceNanos()));
    }

    void succeeded(String client) {
        byClient.remove(client);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = lockedForSeconds(request.getRemoteAddr());
        if (wait > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            problems.write(
                    request,
                    response,
                    ProblemType.TOO_MANY_FAILED_ATTEMPTS,
                    "Wrong credentials " + LIMIT + " times within " + WINDOW.toSeconds()
                            + " s from this address; try again in " + wait + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    private Failures current(String client) {
        Failures failures = byClient.get(client);
        return failures == null || expired(failures, nanoTime.getAsLong()) ? null : failures;
    }

    private static boolean expired(Failures failures, long now) {
        return now - failures.sinceNanos() >= WINDOW.toNanos();
    }
}
