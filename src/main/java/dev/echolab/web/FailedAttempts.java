package dev.echolab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wrong credentials, counted per client: its address and the user name it sent. After {@value #LIMIT} within
 * {@link #WINDOW}, each further attempt of that client waits {@link #PACE} before its credentials are checked, so a
 * guesser trying one password after another gets {@value #LIMIT} a minute. The attempt is then checked as any
 * other: the right password gets in, however many wrong ones came before it from the same address (loopback, a
 * port-forward and a proxy give every client one address), only later. No more than {@value #MAX_HELD} attempts
 * wait at once, so guessing cannot take the request threads: beyond that a slowed client's attempt gets a 429 with
 * {@code Retry-After}, unchecked. Checking is cheap (see {@link ApiCredentials}), so this pace is what keeps the
 * password from being guessed at HTTP speed.
 */
final class FailedAttempts extends OncePerRequestFilter {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** The wait of a slowed client's attempt: one after another, {@value #LIMIT} of them take a {@link #WINDOW}. */
    static final Duration PACE = WINDOW.dividedBy(LIMIT);
    /** Attempts waiting at once, of all clients: a small share of the servlet container's request threads. */
    static final int MAX_HELD = 32;
    /** Beyond this many clients with recent failures, expired entries are swept before a new one is added. */
    private static final int SWEEP_ABOVE = 4096;

    /** Who is counted: the address a request came from and the user name it sent. */
    record Client(String address, String user) {}

    /** How a waiting attempt waits: a seam for the tests, which do not sleep. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** A client's failures since {@code sinceNanos}, the start of its window. */
    private record Failures(int count, long sinceNanos) {}

    private final Map<Client, Failures> byClient = new ConcurrentHashMap<>();
    private final Semaphore held = new Semaphore(MAX_HELD);
    private final LongAdder slowed = new LongAdder();
    private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();
    private final ProblemResponses problems;
    private final LongSupplier nanoTime;
    private final Pause pause;

    FailedAttempts(ProblemResponses problems, LongSupplier nanoTime, Pause pause) {
        this.problems = problems;
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    FailedAttempts(ProblemResponses problems) {
        this(problems, System::nanoTime, d -> Thread.sleep(d));
    }

    /** Whether the client's attempts wait before they are checked. */
    boolean slowed(Client client) {
        Failures failures = byClient.get(client);
        return failures != null && !expired(failures, nanoTime.getAsLong()) && failures.count() >= LIMIT;
    }

    void failed(Client client) {
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

    void succeeded(Client client) {
        byClient.remove(client);
    }

    /** How many attempts were made to wait since start-up: what the tests count instead of timing. */
    long slowedDown() {
        return slowed.sum();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Client client = client(request);
        if (client == null || !slowed(client)) {
            chain.doFilter(request, response);
            return;
        }
        if (!held.tryAcquire()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(PACE.toSeconds()));
            problems.write(
                    request,
                    response,
                    RequestProblemType.TOO_MANY_FAILED_ATTEMPTS,
                    MAX_HELD + " attempts after wrong credentials are waiting already; try again in " + PACE.toSeconds()
                            + " s.");
            return;
        }
        try {
            slowed.increment();
            pause.pause(PACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the server is stopping
        } finally {
            held.release();
        }
        chain.doFilter(request, response);
    }

    /** The client a request's Basic credentials come from; null when it sent none (or unreadable ones). */
    private Client client(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken token = basic.convert(request);
            return token == null ? null : new Client(request.getRemoteAddr(), token.getName());
        } catch (AuthenticationException e) {
            return null; // BasicAuthenticationFilter answers it with a 401
        }
    }

    private static boolean expired(Failures failures, long now) {
        return now - failures.sinceNanos() >= WINDOW.toNanos();
    }
}
