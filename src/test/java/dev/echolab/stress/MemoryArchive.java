package dev.echolab.stress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;

/** A {@link RunArchive} in a list, for tests of {@link StressRuns} alone; {@link #failing} makes it refuse writes. */
class MemoryArchive implements RunArchive {

    private final List<StressRun> runs = new ArrayList<>();
    volatile boolean failing;

    @Override
    public synchronized void store(StressRun run) {
        if (failing) {
            throw new DataAccessResourceFailureException("the database is down");
        }
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
        return runs.stream().filter(query::matches).filter(r -> r.createdAt().isAfter(than)).count();
    }

    @Override
    public synchronized boolean delete(String id) {
        return runs.removeIf(r -> r.id().equals(id));
    }
}
