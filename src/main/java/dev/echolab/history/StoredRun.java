package dev.echolab.history;

import dev.echolab.stress.StressRun;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.MappedCollection;

/**
 * A finished run as a row of {@code stored_run} with its results as rows of {@code stored_result}: one Spring Data
 * JDBC aggregate, written once and deleted whole. {@code runJson} is the run as the API shows it; the other columns
 * are copies for SQL (filters, Grafana). Tables and columns take Spring Data's default names: a name spelt out in
 * an annotation is quoted as written, which H2 (upper case) and PostgreSQL (lower case) cannot both match.
 */
record StoredRun(
        @Id String id,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String commitId,
        String jdk,
        String jvmFlags,
        Integer cores,
        Double loadAverage,
        String runJson,
        @MappedCollection List<StoredResult> results)
        implements Persistable<String> {

    static StoredRun of(StressRun run, String json) {
        var manifest = run.manifest();
        return new StoredRun(
                run.id(),
                run.status().name(),
                run.createdAt(),
                run.startedAt(),
                run.finishedAt(),
                manifest == null ? null : manifest.commit(),
                manifest == null ? null : manifest.jdk(),
                manifest == null ? null : manifest.jvmFlags(),
                manifest == null ? null : manifest.cores(),
                manifest == null ? null : manifest.loadAverage(),
                json,
                run.results().stream().map(StoredResult::of).toList());
    }

    @Override
    public String getId() {
        return id;
    }

    /** Runs are written once: every save is an insert (the id is the run's, not the database's). */
    @Override
    public boolean isNew() {
        return true;
    }
}
