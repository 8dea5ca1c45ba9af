package dev.echolab.history;

/**
 * Examples of {@code GET /api/stress/compare} for the OpenAPI document, as a running app answered them: a short run
 * of multiplexing and netty (a target) against a cancelled one of multiplexing alone.
 */
final class CompareExamples {

    static final String COMPARISON = """
            {"base": ["0a729136"], "candidate": ["9d10ecab"],
             "method": "single runs: values within 15 % of each other (echo.history.noise-floor, no less than the \
            run-to-run spread of one figure measured with repeats) are the same; compare series of repeats for \
            verdicts set by their own spread",
             "models": [{"model": "multiplexing", "absentFrom": null,
                         "metrics": [{"metric": "messagesPerSecond", "higherIsBetter": true, "base": 115293.0,
                                      "candidate": 86055.4, "ratio": 0.746, "noise": 0.15, "verdict": "worse"},
                                     {"metric": "p50Micros", "higherIsBetter": false, "base": 241.4,
                                      "candidate": 114.2, "ratio": 0.473, "noise": 0.15, "verdict": "better"},
                                     {"metric": "p99Micros", "higherIsBetter": false, "base": 4268.0,
                                      "candidate": 3799.0, "ratio": 0.89, "noise": 0.15, "verdict": "same"},
                                     {"metric": "p999Micros", "higherIsBetter": false, "base": 12312.6,
                                      "candidate": 17203.2, "ratio": 1.397, "noise": 0.15, "verdict": "worse"},
                                     {"metric": "cpuMicrosPerMessage", "higherIsBetter": false, "base": 4.6,
                                      "candidate": 6.1, "ratio": 1.321, "noise": 0.15, "verdict": "worse"}]},
                        {"model": "netty", "absentFrom": "candidate", "metrics": []}],
             "notes": ["the load profile differs: base connections=50 payloadBytes=64 durationSeconds=2.0 \
            messagesPerConnection=null warmupSeconds=1.0 pipeline=1 ratePerSecond=null rampUpSeconds=0.0; candidate \
            connections=20 payloadBytes=64 durationSeconds=5.0 messagesPerConnection=null warmupSeconds=0.5 \
            pipeline=1 ratePerSecond=null rampUpSeconds=0.0",
                       "run 0a729136 started on a busy machine (load average 3.85 on 2 cores): its figures may move \
            far more than the noise floor",
                       "run 9d10ecab started on a busy machine (load average 4.65 on 2 cores): its figures may move \
            far more than the noise floor"]}
            """;

    static final String MISSING_SIDE = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "candidate: is required", "instance": "/api/stress/compare",
             "errors": [{"field": "candidate", "message": "is required", "rejected": null}]}
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
