package dev.echolab.history;

import dev.echolab.stress.HistoryUnavailableException;
import dev.echolab.stress.RunArchive;
import dev.echolab.stress.RunQuery;
import dev.echolab.stress.Storage;
import dev.echolab.stress.StressRun;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Primary;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history as {@link dev.echolab.stress.StressRuns} sees it: the database, and an {@link Outbox} on the local
 * disk for the runs the database cannot take now. A run the database refuses is written to the outbox before
 * {@link #store} returns, listed and readable from there as PENDING, and offered to the database again on one
 * thread ({@code echo-lab-history-outbox}), waiting longer after each failure (exponential back-off up to
 * {@code echo.history.outbox.max-retry-interval}), until the database takes it; a process that starts finds the
 * runs its predecessor left there and goes on. Nothing a run finished with is lost to an outage or a restart.
 *
 * <p>Reads go through a circuit breaker: once a call to the database has failed, the next ones do not wait on it
 * (each wait is up to the connection timeout) but fail at once with {@link HistoryUnavailableException} for
 * {@link #UNAVAILABLE_FOR}; then one call tries again. So while the database is down a page of runs answers from
 * memory at once, and a retry of the outbox is what notices it is back when nobody reads.
 */
@Component
@Primary // over the DatabaseArchive it wraps, the other RunArchive bean
class DurableArchive implements RunArchive, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DurableArchive.class);
    /** How long the database is left alone after it failed, before one call tries it again. */
    static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(5);

    private final RunArchive database;
    private final Outbox outbox;
    private final CircuitBreaker breaker;
    private final ExponentialBackOff backOff;
    /** Runs in the outbox, by id: what {@link #pending()} lists without reading the disk. */
    private final Map<String, StressRun> pending = new ConcurrentHashMap<>();

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("echo-lab-history-outbox").daemon().unstarted(task));
    /** The retry to come or going; null when none is. Guarded by this. */
    private ScheduledFuture<?> next;
    /** Guarded by this. */
    private BackOffExecution waits;

    private volatile String lastFailure = "not tried yet";

    @Autowired
    DurableArchive(DatabaseArchive database, JsonMapper json, OutboxProperties properties) {
        this(database, new Outbox(properties.dir(), json), properties);
    }

    DurableArchive(RunArchive database, Outbox outbox, OutboxProperties properties) {
        this.database = database;
        this.outbox = outbox;
        this.breaker = CircuitBreaker.of(
                "history",
                CircuitBreakerConfig.custom()
                        // One failed call is enough: the next read should not wait on a database that just failed.
                        .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(100)
                        .waitDurationInOpenState(UNAVAILABLE_FOR)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(DurableArchive::unreachable)
                        .build());
        this.backOff = new ExponentialBackOff(properties.firstRetryInterval().toMillis(), 2);
        backOff.setMaxInterval(properties.maxRetryInterval().toMillis());
        this.waits = backOff.start();
        for (StressRun run : outbox.all()) {
            pending.put(run.id(), run);
        }
        if (!pending.isEmpty()) {
            log.info("{} stress run(s) wait in the outbox {} for the history database", pending.size(), outbox.dir());
            retrySoon();
        }
    }

    /**
     * Into the database if it takes the run now, else into the outbox (durably, before this returns) to be offered
     * again later.
     *
     * @throws java.io.UncheckedIOException when neither the database nor the disk takes it
     */
    @Override
    public void store(StressRun run) {
        try {
            database(() -> {
                database.store(run);
                return null;
            });
            return;
        } catch (RuntimeException e) {
            lastFailure = reason(e);
            log.warn(
                    "stress run {} could not be stored in the history database ({}); it waits in the outbox {}",
                    run.id(),
                    lastFailure,
                    outbox.dir());
        }
        outbox.put(run);
        pending.put(run.id(), run);
        retrySoon();
    }

    @Override
    public List<StressRun> pending() {
        Storage storage = new Storage(
                "PENDING",
                "Not in the history database yet (" + lastFailure + "). It waits in the outbox " + outbox.dir()
                        + ", survives a restart, and is stored as soon as the database takes it.");
        return pending.values().stream()
                .sorted(Comparator.comparing(StressRun::createdAt).reversed())
                .map(r -> r.withStorage(storage))
                .toList();
    }

    @Override
    public Optional<StressRun> find(String id) {
        if (pending.containsKey(id)) {
            return pending().stream().filter(r -> r.id().equals(id)).findFirst();
        }
        return database(() -> database.find(id));
    }

    @Override
    public List<StressRun> list(RunQuery query, long offset, int limit) {
        return database(() -> database.list(query, offset, limit));
    }

    @Override
    public long count(RunQuery query) {
        return database(() -> database.count(query));
    }

    @Override
    public long countNewer(RunQuery query, Instant than) {
        return database(() -> database.countNewer(query, than));
    }

    /**
     * From the outbox, or from the database. A run being written to the database by a retry at that moment is
     * deleted there by the retry, once it sees the run has left the outbox: the delete wins.
     */
    @Override
    public boolean delete(String id) {
        if (pending.remove(id) != null) {
            outbox.remove(id);
            try {
                // A retry whose answer was lost may have stored it after all.
                database(() -> database.delete(id));
            } catch (HistoryUnavailableException e) {
                // Then it was never stored: the database has not taken anything since it went away.
            }
            return true;
        }
        return database(() -> database.delete(id));
    }

    /** Whether the database answered the last call (or has not been tried again since it failed). */
    boolean reachable() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Runs waiting in the outbox. */
    int waiting() {
        return pending.size();
    }

    Outbox outbox() {
        return outbox;
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

    private synchronized void retrySoon() {
        if (next == null) {
            schedule();
        }
    }

    /** Guarded by this. */
    private void schedule() {
        try {
            next = retries.schedule(this::retry, waits.nextBackOff(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            next = null; // the app is stopping: what is in the outbox is offered again at the next start
        }
    }

    /** On the retry thread: offers every waiting run, oldest first, until one is refused. */
    private void retry() {
        boolean all = true;
        List<StressRun> oldestFirst = pending.values().stream()
                .sorted(Comparator.comparing(StressRun::createdAt))
                .toList();
        for (StressRun run : oldestFirst) {
            if (!deliver(run)) {
                all = false;
                break;
            }
        }
        synchronized (this) {
            next = null;
            if (all) {
                waits = backOff.start();
            }
            if (!pending.isEmpty()) { // a failure, or a run that came in while this one went
                schedule();
            }
        }
    }

    private boolean deliver(StressRun run) {
        try {
            database(() -> {
                database.store(run.withStorage(Storage.STORED));
                return null;
            });
        } catch (RuntimeException e) {
            if (!alreadyStored(e)) {
                if (!(e instanceof HistoryUnavailableException)) {
                    lastFailure = reason(e);
                    log.error("stress run {} in the outbox was refused; it is offered again later", run.id(), e);
                }
                return false;
            }
            // An earlier offer was written but its answer was lost, or another process on this outbox got it in.
        }
        if (pending.remove(run.id(), run)) {
            outbox.remove(run.id());
            log.info("stress run {} from the outbox is stored in the history database", run.id());
        } else {
            deleteAgain(run.id());
        }
        return true;
    }

    /** Deleted while it was being stored. */
    private void deleteAgain(String id) {
        try {
            database(() -> database.delete(id));
        } catch (RuntimeException e) {
            log.error("stress run {} was deleted while being stored and could not be deleted again", id, e);
        }
    }

    /**
     * Calls the database through the breaker.
     *
     * @throws HistoryUnavailableException when it fails, or failed a moment ago
     */
    private <T> T database(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new HistoryUnavailableException(lastFailure, UNAVAILABLE_FOR, e);
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            lastFailure = reason(e);
            throw new HistoryUnavailableException(lastFailure, UNAVAILABLE_FOR, e);
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof HistoryUnavailableException unavailable
                ? unavailable.reason()
                : NestedExceptionUtils.getMostSpecificCause(e).toString();
    }

    /** A failure of the database itself (down, timed out, refusing), not of what was asked of it. */
    private static boolean unreachable(Throwable e) {
        return (e instanceof DataAccessException || e instanceof TransactionException) && !alreadyStored(e);
    }

    private static boolean alreadyStored(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }
}
