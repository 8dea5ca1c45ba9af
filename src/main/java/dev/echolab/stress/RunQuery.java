package dev.echolab.stress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The query of {@code GET /api/stress}: which runs, which page. Every field is optional.
 *
 * @param model a model id (or {@code host:port} of a free target): runs that loaded it
 * @param since an ISO-8601 instant: runs created then or later
 * @param page  0-based page number
 * @param size  runs per page, 20 by default, at most 100
 */
public record RunQuery(
        @Size(max = 200) @Pattern(regexp = "[a-z0-9][a-z0-9.:-]*", message = "must be a model id or host:port")
        String model,

        Instant since,
        @Min(0) @Max(1_000_000) Integer page,
        @Min(1) @Max(100) Integer size) {

    public RunQuery {
        page = page == null ? 0 : page;
        size = size == null ? 20 : size;
    }

    public long offset() {
        return (long) page * size;
    }

    /** Whether a run matches the filters (paging aside). */
    boolean matches(StressRun run) {
        boolean loaded = model == null
                || run.request().models().contains(model)
                || run.request().targets().stream().anyMatch(t -> model.equals(t.address()) || model.equals(t.model()))
                || run.results().stream().anyMatch(r -> r.model().equals(model));
        return loaded && (since == null || !run.createdAt().isBefore(since));
    }
}
