package dev.echolab.history;

import dev.echolab.stress.HistoryUnavailableException;
import dev.echolab.stress.RunArchive;
import dev.echolab.stress.RunQuery;
import dev.echolab.stress.Storage;
import dev.echolab.stress.StressRun;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
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
 * <p>Every call to the database goes through a {@link DatabaseBreaker}: while the database is down, reads fail at
 * once with {@link HistoryUnavailableException} (and a page of runs answers from memory), and a retry of the outbox
 * is what notices it is back when nobody reads.
 */
@Component
@Primary // over the DatabaseArchive it wraps, the other RunArchive bean
class DurableArchive implements RunArchive, SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DurableArchive.class);

    private final RunArchive database;
    private final Outbox outbox;
    private final DatabaseBreaker breaker = new DatabaseBreaker();
    private final ExponentialBackOff backOff;
    /** Runs in the outbox, by id: what {@link #pending()} lists without reading the disk. */
    private final Map<String, StressRun> pending = new ConcurrentHashMap<>();

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("echo-lab-history-outbox").daemon().unstarted(task));
    /** The retry to come or going; null when none is. Guarded by this. */
    private ScheduledFuture<?> next;
    /** Guarded by this. */
    private BackOffExecution waits;

    private volatile boolean running;

    @Autowired
    DurableArchive(DatabaseArchive database, JsonMapper json, OutboxProperties properties) {
        this(database, new Outbox(properties.dir(), json), properties);
    }

    DurableArchive(RunArchive database, Outbox outbox, OutboxProperties properties) {
        this.database = database;
        this.outbox = outbox;
        this.backOff = new ExponentialBackOff(properties.firstRetryInterval().toMillis(), 2);
        backOff.setMaxInterval(properties.maxRetryInterval().toMillis());
        this.waits = backOff.start();
        for (StressRun run : outbox.all()) {
            pending.put(run.id(), run);
        }
    }

    /** Offers what a previous process left in the outbox, once the application has started (not while it does). */
    @Override
    public void start() {
        running = true;
        if (!pending.isEmpty()) {
            log.info("{} stress run(s) wait in the outbox {} for the history database", pending.size(), outbox.dir());
            retrySoon();
        }
    }

    /** Nothing to stop: a retry going on finishes, and what is still in the outbox waits for the next start. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
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
            breaker.run(() -> database.store(run));
            return;
        } catch (RuntimeException e) {
            breaker.failed(e);
            log.warn(
                    "stress run {} could not be stored in the history database ({}); it waits in the outbox {}",
                    run.id(),
                    breaker.lastFailure(),
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
                "Not in the history database yet (" + breaker.lastFailure() + "). It waits in the outbox "
                        + outbox.dir() + ", survives a restart, and is stored as soon as the database takes it.");
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
        return breaker.call(() -> database.find(id));
    }

    @Override
    public List<StressRun> list(RunQuery query, long offset, int limit) {
        return breaker.call(() -> database.list(query, offset, limit));
    }

    @Override
    public long count(RunQuery query) {
        return breaker.call(() -> database.count(query));
    }

    @Override
    public long countNewer(RunQuery query, Instant than) {
        return breaker.call(() -> database.countNewer(query, than));
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
                breaker.call(() -> database.delete(id));
            } catch (HistoryUnavailableException e) {
                // Almost always it is not there; a copy whose answer was lost would stay, and this says which.
                log.warn(
                        "stress run {} was deleted from the outbox; the history database could not be asked to "
                                + "delete a copy an earlier try may have left there",
                        id);
            }
            return true;
        }
        return breaker.call(() -> database.delete(id));
    }

    /** Whether the database answered the last call (or has not been tried again since it failed). */
    boolean reachable() {
        return breaker.reachable();
    }

    /** Runs waiting in the outbox. */
    int waiting() {
        return pending.size();
    }

    Outbox outbox() {
        return outbox;
    }

    String lastFailure() {
        return breaker.lastFailure();
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
            breaker.run(() -> database.store(run.withStorage(Storage.STORED)));
        } catch (RuntimeException e) {
            if (!DatabaseBreaker.alreadyStored(e)) {
                if (!(e instanceof HistoryUnavailableException)) {
                    breaker.failed(e);
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
            breaker.call(() -> database.delete(id));
        } catch (RuntimeException e) {
            log.error("stress run {} was deleted while being stored and could not be deleted again", id, e);
        }
    }
}
