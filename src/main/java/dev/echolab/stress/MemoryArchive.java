package dev.echolab.stress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RunArchive} in a list, for as long as the process lives: what a headless {@code run} uses, since it stores
 * nothing, and what tests of {@link StressRuns} use on their own.
 */
public class MemoryArchive implements RunArchive {

    private final List<StressRun> runs = new ArrayList<>();

    @Override
    public synchronized void store(StressRun run) {
        runs.addFirst(run);
    }

    @Override
    public synchronized Optional<StressRun> find(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<StressRun> list(RunQuery query, long offset, int limit) {
        return runs.stream().filter(query::matches).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized long count(RunQuery query) {
        return runs.stream().filter(query::matches).count();
    }

    @Override
    public synchronized long countNewer(RunQuery query, Instant than) {
        return runs.stream()
                .filter(query::matches)
                .filter(r -> r.createdAt().isAfter(than))
                .count();
    }

    @Override
    public synchronized boolean delete(String id) {
        return runs.removeIf(r -> r.id().equals(id));
    }
}
