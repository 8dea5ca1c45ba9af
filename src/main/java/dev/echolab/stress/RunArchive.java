package dev.echolab.stress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where finished runs go to last: the history database. {@link StressRuns} keeps a run in memory while it goes
 * and hands it here once it has finished. The reads throw {@link HistoryUnavailableException} when the database
 * cannot answer now; {@link #pending()} never does.
 */
public interface RunArchive {

    /**
     * Takes a finished run for good: once this returns, the run is in the database, or kept durably until the
     * database takes it (then {@link #pending()} lists it meanwhile).
     *
     * @throws RuntimeException when it could keep the run nowhere
     */
    void store(StressRun run);

    /** A stored or pending run. */
    Optional<StressRun> find(String id);

    /** Stored runs matching the query, newest first, {@code limit} of them from {@code offset}. */
    List<StressRun> list(RunQuery query, long offset, int limit);

    /** How many stored runs match the query. */
    long count(RunQuery query);

    /** How many stored runs matching the query were created after the given instant. */
    long countNewer(RunQuery query, Instant than);

    /** @return false when there was no such run */
    boolean delete(String id);

    /**
     * Runs taken by {@link #store} that the database has not got yet, newest first, with a PENDING storage that
     * says why; {@link #list} and the counts leave them out.
     */
    default List<StressRun> pending() {
        return List.of();
    }
}
