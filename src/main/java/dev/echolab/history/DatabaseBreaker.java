package dev.echolab.history;

import dev.echolab.stress.HistoryUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionException;

/**
 * Calls to the history database through a circuit breaker (Resilience4j): once a call has failed because the
 * database cannot be used (down, unreachable, timed out), the next ones fail at once for {@link #UNAVAILABLE_FOR}
 * instead of each waiting up to the connection timeout; then one call tries it again, and its success lets the rest
 * through. A failure of what was asked (a run stored twice) is not the database's, and passes through as it is.
 */
final class DatabaseBreaker {

    /** How long the database is left alone after it failed, before one call tries it again. */
    static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(5);

    private final CircuitBreaker breaker = CircuitBreaker.of(
            "history",
            CircuitBreakerConfig.custom()
                    // One failed call is enough: the next read should not wait on a database that just failed.
                    .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(100)
                    .waitDurationInOpenState(UNAVAILABLE_FOR)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .recordException(DatabaseBreaker::unusable)
                    .build());

    private volatile String lastFailure = "not tried yet";

    /**
     * @throws HistoryUnavailableException when the database fails now, or failed a moment ago
     */
    <T> T call(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new HistoryUnavailableException(lastFailure, UNAVAILABLE_FOR, e);
        } catch (RuntimeException e) {
            if (!unusable(e)) {
                throw e;
            }
            failed(e);
            throw new HistoryUnavailableException(lastFailure, UNAVAILABLE_FOR, e);
        }
    }

    /** As {@link #call(Supplier)}, for a call that returns nothing. */
    void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    /** Remembers why a call failed, for whoever asks next. */
    void failed(RuntimeException e) {
        lastFailure = e instanceof HistoryUnavailableException unavailable
                ? unavailable.reason()
                : NestedExceptionUtils.getMostSpecificCause(e).toString();
    }

    /** Whether the database answered the last call (or has not been tried again since it failed). */
    boolean reachable() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Why the last call that failed did, in a line. */
    String lastFailure() {
        return lastFailure;
    }

    /** A run with this id is there already: an earlier write landed though its answer was lost. */
    static boolean alreadyStored(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    private static boolean unusable(Throwable e) {
        return (e instanceof DataAccessException || e instanceof TransactionException) && !alreadyStored(e);
    }
}
