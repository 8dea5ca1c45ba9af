package dev.echolab.stress;

import dev.echolab.stress.StressRun.Status;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Stress runs: starts them one at a time, each on its own coordinator thread ({@code echo-lab-stress-run}), hands
 * each finished run to the {@link RunArchive} (the history database, or its outbox while the database is down),
 * and cancels. In memory it keeps only what the archive has not got: the run going, and up to
 * {@code echo.stress.history} finished runs the archive could keep nowhere. Thread-safe. It stops with the
 * application, before the echo servers do, cancelling a run still going.
 *
 * <p>Over 300 lines because a run's whole life in the service (submit, execute, archive, find and list across
 * memory and the archive, cancel, stop with the application) is under one lock. Should it grow, the seam is finding
 * and listing (merging memory with the archive) apart from executing.
 */
@Component
public class StressRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StressRuns.class);
    private static final long CANCEL_WAIT_MILLIS = 2_000;
    private static final SecureRandom IDS = new SecureRandom();

    private final StressProperties limits;
    private final List<StressObserver> observers;
    private final RunArchive archive;
    private final String commit;
    /** Newest first: the run going, and finished runs not (yet) in the archive. */
    private final Deque<Run> history = new ArrayDeque<>();

    private Run current;
    private volatile boolean running;

    public StressRuns(
            StressProperties limits,
            List<StressObserver> observers,
            RunArchive archive,
            ObjectProvider<GitProperties> git) {
        this.limits = limits;
        this.observers = List.copyOf(observers);
        this.archive = archive;
        GitProperties gitProperties = git.getIfAvailable();
        this.commit = gitProperties == null ? null : gitProperties.getShortCommitId();
    }

    /**
     * Starts loading the targets, one after another ({@code repeats} times over, interleaved), and returns at once.
     *
     * @throws RunInProgressException when a run is still going
     */
    public synchronized StressRun submit(StressRequest request, List<ResolvedTarget> targets) {
        if (current != null) {
            throw new RunInProgressException(current.id);
        }
        Run run = new Run(request, targets, Manifest.current(commit));
        current = run;
        history.addFirst(run);
        run.thread = Thread.ofPlatform().name("echo-lab-stress-run").start(() -> execute(run));
        return run.view();
    }

    /**
     * Takes in a run that finished elsewhere (the merge of a coordinated run's shards): it gets an id of this service
     * and is archived like a run of its own (the database, or the outbox while the database is down).
     *
     * @param coordination how its shards came together
     */
    public StressRun adopt(StressRun finished, Coordination coordination) {
        Run run = new Run(finished, coordination);
        synchronized (this) {
            history.addFirst(run);
        }
        archive(run);
        return run.view();
    }

    /**
     * From memory while the run goes (or when the archive could not keep it), else from the archive.
     *
     * @throws HistoryUnavailableException when only the history database has it, and it cannot be read now
     */
    public Optional<StressRun> find(String id) {
        synchronized (this) {
            Optional<StressRun> inMemory =
                    history.stream().filter(r -> r.id.equals(id)).findFirst().map(Run::view);
            if (inMemory.isPresent()) {
                return inMemory;
            }
        }
        return archive.find(id);
    }

    /**
     * One page of the runs that match, newest first, merging the few not in the database (the run going, any
     * waiting to be stored, and any the archive could not keep) into the database's by creation time. While the
     * database cannot be read, the page holds only those few, and says it is not complete.
     */
    public RunPage list(RunQuery query) {
        List<StressRun> inMemory = notStored(query);
        try {
            return merged(query, inMemory);
        } catch (HistoryUnavailableException e) {
            long from = Math.min(query.offset(), inMemory.size());
            List<StressRun> page = inMemory.subList((int) from, (int) Math.min(inMemory.size(), from + query.size()));
            return new RunPage(page, inMemory.size(), false);
        }
    }

    /** The runs matching the query that the database has not got, newest first, each once. */
    private List<StressRun> notStored(RunQuery query) {
        List<StressRun> going;
        synchronized (this) {
            going = history.stream().map(Run::view).toList();
        }
        Set<String> seen = new HashSet<>();
        // A run handed to the archive is in both for a moment: the copy in memory is the newer.
        return Stream.concat(going.stream(), archive.pending().stream())
                .filter(r -> seen.add(r.id()))
                .filter(query::matches)
                .sorted(Comparator.comparing(StressRun::createdAt).reversed())
                .toList();
    }

    private RunPage merged(RunQuery query, List<StressRun> inMemory) {
        Set<String> ids = new HashSet<>(inMemory.stream().map(StressRun::id).toList());
        // Where each one in memory sits among all: those in memory newer than it, plus stored runs newer than it.
        TreeMap<Long, StressRun> placed = new TreeMap<>();
        for (int i = 0; i < inMemory.size(); i++) {
            placed.put(i + archive.countNewer(query, inMemory.get(i).createdAt()), inMemory.get(i));
        }
        long from = query.offset();
        long to = from + query.size();
        List<StressRun> page = new ArrayList<>();
        long before = placed.headMap(from).size();
        long stored = Math.max(0, to - from - placed.subMap(from, to).size());
        List<StressRun> fromArchive = stored == 0
                ? List.of()
                : archive.list(query, from - before, (int) stored).stream()
                        // a run being stored is in both for a moment: the database's copy is left out
                        .filter(r -> !ids.contains(r.id()))
                        .toList();
        int next = 0;
        for (long i = from; i < to; i++) {
            if (placed.containsKey(i)) {
                page.add(placed.get(i));
            } else if (next < fromArchive.size()) {
                page.add(fromArchive.get(next++));
            }
        }
        return new RunPage(page, inMemory.size() + archive.count(query), true);
    }

    /**
     * Removes a finished run, from memory or from the archive. A run being handed to the archive at that moment is
     * marked, and deleted from the archive once there: a delete is never undone by a late store.
     *
     * @return false when there is no such finished run
     * @throws HistoryUnavailableException when only the history database has it, and it cannot be reached now
     */
    public boolean delete(String id) {
        synchronized (this) {
            for (Run run : history) {
                if (run.id.equals(id)) {
                    if (!run.status.finished()) {
                        return false;
                    }
                    run.deleted = true;
                    return history.remove(run);
                }
            }
        }
        return archive.delete(id);
    }

    /**
     * Cancels a run that is still going and waits (up to 2 s) until every one of its sockets is closed. A finished
     * run is returned as it is.
     */
    public Optional<StressRun> cancel(String id) {
        Run run;
        synchronized (this) {
            run = history.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
        }
        if (run == null) {
            return Optional.empty();
        }
        run.cancel();
        try {
            run.thread.join(CANCEL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(run.view());
    }

    private void execute(Run run) {
        run.startedAt = Instant.now();
        run.status = Status.RUNNING;
        long seed = ThreadLocalRandom.current().nextLong();
        Status outcome = Status.FAILED;
        try {
            // Repeats interleave (A B A B ...): slow drift of the machine (heat, neighbours) then moves every model's
            // series alike instead of favouring whichever went first.
            int turns = run.turns();
            for (int i = 0; i < turns && !run.cancelled; i++) {
                ResolvedTarget target = run.targets.get(i % run.targets.size());
                int repeat = i / run.targets.size() + 1;
                RunControl control = new RunControl();
                run.control = control;
                if (run.cancelled) {
                    control.cancel(); // cancel() came between the loop test and the line above
                }
                LoadGenerator generator = new LoadGenerator(
                        run.request,
                        target,
                        control,
                        (live, tick) -> {
                            run.live = live;
                            observers.forEach(o -> o.onTick(tick));
                        },
                        seed,
                        limits.maxDuration().toNanos(),
                        LoadGenerator.threads(run.request, limits.clientThreads()));
                run.results.add(generator.run(i, turns).withRepeat(repeat));
            }
            outcome = run.cancelled ? Status.CANCELLED : Status.of(run.results);
        } catch (RuntimeException e) {
            log.error("stress run {} failed", run.id, e);
        } finally {
            run.finishedAt = Instant.now();
            run.live = null;
            // Free the slot before the status says finished, so a client that saw it finish may start the next.
            synchronized (this) {
                current = null;
            }
            run.status = outcome;
            log.info("stress run {} {}", run.id, outcome);
            archive(run);
        }
    }

    /**
     * Hands a finished run to the archive, then forgets it here, unless it was deleted meanwhile: then it is
     * deleted from the archive too. An archive that can keep it nowhere (neither the database nor the disk) costs
     * the run nothing: it stays in memory, marked FAILED in its storage, and the reason goes to the log.
     */
    private void archive(Run run) {
        if (run.deleted) {
            return;
        }
        try {
            archive.store(run.view().withStorage(Storage.STORED));
        } catch (RuntimeException e) {
            String reason = NestedExceptionUtils.getMostSpecificCause(e).toString();
            run.storage = Storage.failed("Neither the history database nor its outbox took this run: " + reason
                    + ". It is kept in memory until the app stops.");
            log.error("stress run {} could not be stored anywhere; it is kept in memory only", run.id, e);
            synchronized (this) {
                // The oldest finished runs go; a run going now stays (a run is adopted while one of its own may go).
                Iterator<Run> oldestFirst = history.descendingIterator();
                while (history.size() > limits.history() && oldestFirst.hasNext()) {
                    if (oldestFirst.next().status.finished()) {
                        oldestFirst.remove();
                    }
                }
            }
            return;
        }
        boolean deleted;
        synchronized (this) {
            history.remove(run);
            deleted = run.deleted; // read under the lock delete() marks it with: either it saw the run here, or not
        }
        if (deleted) {
            try {
                archive.delete(run.id);
            } catch (RuntimeException e) {
                log.error(
                        "stress run {} was deleted while being stored, and could not be deleted from the archive",
                        run.id,
                        e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Cancels the run still going, so the app can stop without waiting for it. */
    @Override
    public void stop() {
        Run run;
        synchronized (this) {
            run = current;
        }
        if (run != null) {
            cancel(run.id);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the echo servers start (phase 0), and before they stop. */
    @Override
    public int getPhase() {
        return 1;
    }

    /** One run's state: written by its coordinator thread, read by any. */
    private static final class Run {
        /** 64 random bits: the primary key of the history, shared by every instance that writes to it. */
        final String id = HexFormat.of().toHexDigits(IDS.nextLong());

        final StressRequest request;
        final List<ResolvedTarget> targets;
        final Manifest manifest;
        final Instant createdAt;
        /** A run that finished elsewhere, shown as it came (under this run's id); null for a run of this process. */
        final StressRun adopted;

        final List<ModelResult> results = new CopyOnWriteArrayList<>();
        volatile Status status = Status.QUEUED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile Live live;
        volatile RunControl control;
        volatile boolean cancelled;
        /** Deleted while being handed to the archive: written and read under the StressRuns lock but for a peek. */
        volatile boolean deleted;

        volatile Storage storage = Storage.PENDING;
        Thread thread;

        Run(StressRequest request, List<ResolvedTarget> targets, Manifest manifest) {
            this.request = request;
            this.targets = List.copyOf(targets);
            this.manifest = manifest;
            this.createdAt = Instant.now();
            this.adopted = null;
        }

        Run(StressRun finished, Coordination coordination) {
            this.request = finished.request();
            this.targets = List.of();
            this.manifest = finished.manifest();
            this.createdAt = finished.createdAt();
            this.adopted = finished.coordinated(id, coordination);
            this.status = finished.status();
        }

        /** Every target once per repeat. */
        int turns() {
            return targets.size() * request.repeats();
        }

        void cancel() {
            cancelled = true;
            RunControl now = control;
            if (now != null) {
                now.cancel();
            }
        }

        StressRun view() {
            if (adopted != null) {
                return adopted.withStorage(storage);
            }
            Status s = status;
            Live l = live;
            int done = results.size();
            double progress = s.finished() && s != Status.CANCELLED
                    ? 1
                    : (done + (l != null && l.modelIndex() == done ? l.progress() : 0)) / turns();
            return new StressRun(
                    id,
                    s,
                    Math.round(progress * 1000) / 1000.0,
                    request,
                    createdAt,
                    startedAt,
                    finishedAt,
                    s.finished() ? null : l,
                    List.copyOf(results),
                    manifest,
                    storage);
        }
    }
}
