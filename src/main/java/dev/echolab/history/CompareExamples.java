package dev.echolab.history;

/** Examples of {@code GET /api/stress/compare} for the OpenAPI document, as the API writes them. */
final class CompareExamples {

    static final String COMPARISON = """
            {"base": ["d5b6b549"], "candidate": ["69042314"],
             "method": "single runs: values within 15 % of each other (echo.history.noise-floor, no less than the \
            run-to-run spread of one figure measured with repeats) are the same; compare series of repeats for \
            verdicts set by their own spread",
             "models": [
              {"model": "netty", "absentFrom": null, "metrics": [
                {"metric": "messagesPerSecond", "higherIsBetter": true, "base": 31007.2, "candidate": 33112.0,
                 "ratio": 1.068, "noise": 0.15, "verdict": "same"},
                {"metric": "p99Micros", "higherIsBetter": false, "base": 25526.3, "candidate": 17956.9,
                 "ratio": 0.703, "noise": 0.15, "verdict": "better"}]},
              {"model": "async", "absentFrom": "candidate", "metrics": []}],
             "notes": ["the JDK differs: base Eclipse Adoptium 21.0.9+10-LTS; candidate Eclipse Adoptium 25.0.3+9-LTS"]}
            """;

    static final String MISSING_SIDE = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "Required parameter 'candidate' is not present.", "instance": "/api/stress/compare"}
            """;

    static final String UNKNOWN_RUN = """
            {"type": "/problems/unknown-run", "title": "Unknown run", "status": 404,
             "detail": "candidate: there is no run 'nope' (deleted, or never stored).",
             "instance": "/api/stress/compare"}
            """;

    static final String NOT_FINISHED = """
            {"type": "/problems/run-not-finished", "title": "Run not finished", "status": 409,
             "detail": "candidate: run 7d0c1e55 is RUNNING; compare it once it has finished.",
             "instance": "/api/stress/compare"}
            """;

    private CompareExamples() {
    }
}
