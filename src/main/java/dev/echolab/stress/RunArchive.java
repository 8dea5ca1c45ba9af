package dev.echolab.stress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where finished runs go to last: the history database. {@link StressRuns} keeps a run in memory while it goes
 * and hands it here once it has finished. Every method may throw a
 * {@link org.springframework.dao.DataAccessException} when the database fails.
 */
public interface RunArchive {

    /** Writes a finished run, its results and manifest, in one transaction. */
    void store(StressRun run);

    Optional<StressRun> find(String id);

    /** Runs matching the query, newest first, {@code limit} of them from {@code offset}. */
    List<StressRun> list(RunQuery query, long offset, int limit);

    long count(RunQuery query);

    /** How many runs matching the query were created after the given instant. */
    long countNewer(RunQuery query, Instant than);

    /** @return false when there was no such run */
    boolean delete(String id);
}
