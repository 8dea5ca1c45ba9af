package dev.echolab.history;

import dev.echolab.stress.RunArchive;
import dev.echolab.stress.RunQuery;
import dev.echolab.stress.Storage;
import dev.echolab.stress.StressRun;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history database behind {@link RunArchive}: a run is written as one aggregate ({@link StoredRun}) and read
 * back from its JSON, so it reads exactly as it did while it ran. Pages are a plain SQL query (newest first, by
 * model and date), since Spring Data's derived queries cannot say "a run that loaded this model".
 */
@Component
class DatabaseArchive implements RunArchive {

    private static final String WHERE = " WHERE r.created_at >= :since AND (:model = '' OR EXISTS "
            + "(SELECT 1 FROM stored_result m WHERE m.stored_run = r.id AND m.model = :model))";

    private final StoredRuns runs;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    /** Reads what another version of the app stored: a field it does not know is skipped, not an error. */
    private final JsonMapper lenient;

    DatabaseArchive(StoredRuns runs, JdbcClient jdbc, JsonMapper json) {
        this.runs = runs;
        this.jdbc = jdbc;
        this.json = json;
        this.lenient = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Override
    public void store(StressRun run) {
        runs.save(StoredRun.of(run, json.writeValueAsString(run)));
    }

    @Override
    public Optional<StressRun> find(String id) {
        return runs.findById(id).map(r -> read(r.runJson()));
    }

    @Override
    public List<StressRun> list(RunQuery query, long offset, int limit) {
        return jdbc
                .sql("SELECT r.run_json FROM stored_run r" + WHERE
                        + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit OFFSET :offset")
                .param("since", since(query))
                .param("model", model(query))
                .param("limit", limit)
                .param("offset", offset)
                .query(String.class)
                .list()
                .stream()
                .map(this::read)
                .toList();
    }

    @Override
    public long count(RunQuery query) {
        return jdbc.sql("SELECT COUNT(*) FROM stored_run r" + WHERE)
                .param("since", since(query))
                .param("model", model(query))
                .query(Long.class)
                .single();
    }

    @Override
    public long countNewer(RunQuery query, Instant than) {
        return jdbc.sql("SELECT COUNT(*) FROM stored_run r" + WHERE + " AND r.created_at > :than")
                .param("since", since(query))
                .param("model", model(query))
                .param("than", Timestamp.from(than))
                .query(Long.class)
                .single();
    }

    @Override
    @Transactional
    public boolean delete(String id) {
        if (!runs.existsById(id)) {
            return false;
        }
        runs.deleteById(id);
        return true;
    }

    private StressRun read(String text) {
        return lenient.readValue(text, StressRun.class).withStorage(Storage.STORED);
    }

    private static Timestamp since(RunQuery query) {
        return Timestamp.from(query.since() == null ? Instant.EPOCH : query.since());
    }

    /** '' for "any": a null parameter has no type PostgreSQL can infer. */
    private static String model(RunQuery query) {
        return query.model() == null ? "" : query.model();
    }
}
