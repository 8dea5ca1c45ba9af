package dev.echolab.history;

/** Examples of {@code GET /api/stress/compare} for the OpenAPI document, as a running app answered them. */
final class CompareExamples {

    static final String RUNS = """
            {}
            """;

    static final String MODELS = """
            {}
            """;

    static final String REPEATED = """
            {}
            """;

    static final String FAILED = """
            {}
            """;

    static final String UNKNOWN_RUN = """
            {"type": "/problems/unknown-run", "title": "Unknown run", "status": 404,
             "detail": "candidate: there is no run 'nope' (deleted, or never stored).",
             "instance": "/api/stress/compare"}
            """;

    static final String NOT_FINISHED = """
            {"type": "/problems/run-not-finished", "title": "Run not finished", "status": 409,
             "detail": "candidate: run 9d10ecab is RUNNING; compare it once it has finished.",
             "instance": "/api/stress/compare"}
            """;

    private CompareExamples() {}
}
